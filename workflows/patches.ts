/**
 * The changes made to the issue workflow while issues were running on it, as Temporal patches, and how a run
 * asks for them.
 *
 * supportIssueWorkflowV3 asks Temporal (`patched()`): its issues may have started before any of these changes,
 * and the first time a new run asks, Temporal records a marker and upserts the TemporalChangeVersion search
 * attribute — two of the fifteen history events of a new issue's first answered message.
 * supportIssueWorkflowV4 is the same code, started with every patch of the V3 era: it asks for none of them, so
 * its histories carry no markers for them. Patches added after V4 are listed in ISSUE_PATCHES: the gateway starts
 * an issue (and a run continues as new) naming all of them in its input, so a run started on this code asks for
 * none; a run started before a patch existed asks Temporal. A worker refuses a run naming a patch it does not
 * know (its workflow task fails and is retried until a worker that knows it takes it): running such an issue
 * without the change would make its history disagree with the code that names it.
 *
 * Module state on purpose: the worker evaluates the workflow modules again for every workflow (the SDK's
 * per-workflow module cache), so what `startedWithEveryPatch` sets belongs to the one run that set it.
 */
import { patched } from '@temporalio/workflow';

/** Tasks escalated from this version on keep their SLA clock on the business-hours calendar of the policy in force. */
export const SLA_CALENDAR_PATCH = 'sla-calendar-clock';
/** Comments the social-comment policy leaves alone are recorded for people, not answered. */
export const RECORD_ONLY_INBOUND_PATCH = 'record-only-inbound';
/** From this version the CSAT question follows CSAT_MODE, renders per channel, is reminded once and takes a comment. */
export const CSAT_PATCH = 'csat-every-channel';
/** From this version a customer waiting while the team is open but nobody suitable is online hears by when. */
export const ANSWER_BY_PATCH = 'answer-by-when-nobody-online';
/** From this version the platform can say a word in the customer's conversation (systemNoticeSignal). */
export const SYSTEM_NOTICE_PATCH = 'system-notice';
/** an operator's reply carries the refs of the files uploaded for it (src/attachments) */
export const REPLY_ATTACHMENTS_PATCH = 'operator-reply-attachments';
/** Continue-as-new while a customer waits, not right after a reply (see workflows/issue-workflow.ts). */
export const CONTINUE_WHILE_CUSTOMER_WAITS_PATCH = 'continue-as-new-while-customer-waits';
/** From this version the turn audits go to PostgreSQL once each, beside the summary instead of inside it. */
export const AUDIT_BESIDE_SUMMARY_PATCH = 'audit-beside-summary';

/** Every patch of the V3 era: a V4 run has them all from its first event. */
export const V4_STARTS_WITH: ReadonlySet<string> = new Set([
  SLA_CALENDAR_PATCH, RECORD_ONLY_INBOUND_PATCH, CSAT_PATCH, ANSWER_BY_PATCH, SYSTEM_NOTICE_PATCH,
  REPLY_ATTACHMENTS_PATCH, CONTINUE_WHILE_CUSTOMER_WAITS_PATCH, AUDIT_BESIDE_SUMMARY_PATCH,
]);

/** From this version the issue's search attributes change when an assistant turn ends, not while it runs. */
export const ATTRIBUTES_AFTER_TURN_PATCH = 'search-attributes-after-turn';

/** Every patch this code knows: what the gateway and continue-as-new name in a new run's input. */
export const ISSUE_PATCHES: readonly string[] = [...V4_STARTS_WITH, ATTRIBUTES_AFTER_TURN_PATCH];

let startedWith: ReadonlySet<string> = new Set();

/** Called first thing by supportIssueWorkflowV4, with the patches its input names. */
export function startedWithEveryPatch(named: readonly string[] = []): void {
  const unknown = named.filter((id) => !ISSUE_PATCHES.includes(id));
  // a plain Error fails the workflow task, not the issue: a newer worker takes the task on a later attempt
  if (unknown.length > 0) throw new Error(`this worker does not know the issue's workflow changes ${unknown.join(', ')}`);
  startedWith = new Set([...V4_STARTS_WITH, ...named]);
}

/** Whether this run has the change: from its start (V4), else as Temporal records it (`patched()`). */
export function issuePatched(patchId: string): boolean {
  return startedWith.has(patchId) || patched(patchId);
}
