/**
 * Which timer the issue is waiting for next. Pure: derived from the state and the policy only, so the workflow
 * re-derives it after every change instead of juggling timer handles (and replay sees the same timers).
 */
import type { IssueState, SlaKind } from '../src/domain/issue';
import type { SupportPolicy } from '../src/domain/policy';
import { nextSlaDeadline, type SlaDeadline } from '../src/domain/sla/sla-clock';
import { earliestDueAt } from '../src/domain/sla/task-sla';

export type DeadlineKind = 'sla_first_response' | 'sla_resolution' | 'sla_clock' | 'nudge' | 'auto_close' | 'reopen_window_end'
  | 'csat_reminder' | 'csat_window_end';

export interface Deadline {
  kind: DeadlineKind;
  at: number;
  /** sla_clock: the warning or breach of the task's calendar SLA clock */
  sla?: SlaDeadline;
}

const ms = (iso: string) => new Date(iso).getTime();

export function slaKindOf(kind: DeadlineKind): SlaKind | undefined {
  if (kind === 'sla_first_response') return 'first_response';
  if (kind === 'sla_resolution') return 'resolution';
  return undefined;
}

export function nextDeadline(state: IssueState, policy: SupportPolicy): Deadline | undefined {
  const candidates: Deadline[] = [];
  const task = state.task;
  if (task && task.status !== 'done' && task.slaClock) {
    const sla = nextSlaDeadline(task.slaClock);
    if (sla) candidates.push({ kind: 'sla_clock', at: ms(sla.at), sla });
  } else if (task && task.status !== 'done') {
    if (!task.firstRespondedAt && !task.breached.includes('first_response')) {
      candidates.push({ kind: 'sla_first_response', at: ms(task.firstResponseDueAt) });
    }
    if (!task.breached.includes('resolution')) {
      candidates.push({ kind: 'sla_resolution', at: ms(task.resolutionDueAt) });
    }
  }
  if (state.status === 'waiting_customer' && state.waitingSince) {
    const since = ms(state.waitingSince);
    if (!state.nudged) candidates.push({ kind: 'nudge', at: since + policy.customerNudgeMs });
    candidates.push({ kind: 'auto_close', at: since + policy.customerAutoCloseMs });
  }
  if (state.status === 'resolved' && state.resolvedAt) {
    // The workflow stays for the longer of the reopen window and the CSAT wait, so a late rating still counts.
    const stay = Math.max(policy.reopenWindowMs, state.csat ? 0 : policy.csatWaitMs);
    candidates.push({ kind: 'reopen_window_end', at: ms(state.resolvedAt) + stay });
  }
  // (set only by the csat-every-channel patch: issues asked before it never get these timers)
  const csat = state.csatRequest;
  if (csat && state.csatAskedAt && !state.csat && (state.status === 'resolved' || state.status === 'closed')) {
    if (csat.reminderDueAt && !csat.remindedAt) candidates.push({ kind: 'csat_reminder', at: ms(csat.reminderDueAt) });
    if (csat.openUntil && state.status === 'closed') candidates.push({ kind: 'csat_window_end', at: ms(csat.openUntil) });
  }
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0];
}

/** The earliest open SLA due time, for the SlaDueAt search attribute and the task list. */
export function slaDueAt(state: IssueState): string | undefined {
  const task = state.task;
  if (!task || task.status === 'done') return undefined;
  if (task.slaClock) {
    // a paused clock (waiting on the customer) has no due time
    return earliestDueAt(task.slaClock);
  }
  const due: string[] = [];
  if (!task.firstRespondedAt && !task.breached.includes('first_response')) due.push(task.firstResponseDueAt);
  if (!task.breached.includes('resolution')) due.push(task.resolutionDueAt);
  due.sort();
  return due[0];
}
