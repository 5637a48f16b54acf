import { AUTOMATION_DEFINITION_TEXT_RU, DEFINITIONS_RU } from './definitions-ru';
import type { AutomationDefinition } from './query-params';

/**
 * The published definitions, one sentence each: returned with every figure (`definitions`) and written in the
 * README's "Analytics" section. Change one here, change it there, and the SQL in ./issue-facts-sql.ts.
 */
export const DEFINITIONS = {
  issues: 'Issues created in the range [from, to); every per-issue figure below counts an issue by its creation time.',
  automationRate: 'Share of the issues that were closed (resolved, auto-closed or closed) without any human task and never reopened (the workflow reopens only within the reopen window).',
  handoffRate: 'Share of the issues that got a human task (were escalated to people).',
  reopenRate: 'Share of the issues resolved or closed at least once that were reopened afterwards.',
  firstResponseSeconds: 'Time from the first customer message to the first outbound message by the assistant or an operator (system notices do not count); median and p90 by PostgreSQL percentile_cont.',
  humanFirstResponseSeconds: 'Time from the escalation to the first operator message after it, over the escalated issues; median and p90.',
  resolutionSeconds: 'Time from the issue\'s creation to its first resolved or auto-closed event; median and p90 over the issues resolved so far.',
  resolved: 'Issues of the range resolved or auto-closed at least once so far.',
  finalResolutionSeconds: 'Time from the issue\'s creation to its last resolved or auto-closed event, over the issues not reopened since; median and p90.',
  nextResponseSeconds: 'Time from a customer message that follows a reply (the first message of a later turn) to the next reply by the assistant or an operator, over every such turn that got a reply; median and p90 (nextResponses: how many).',
  businessHours: 'The same durations counted only while the business calendar is open: the calendar of the SLA policy of the issue\'s latest human task, else the default policy\'s calendar (the one the SLA clocks use).',
  csat: 'The latest rating (1-5) of each issue of the range: average, number of rated issues, and share of ratings 4 or 5.',
  slaCompliance: 'Share of human tasks with no SLA breach among the tasks that closed or breached in the range (per target: tasks without a breach of that target).',
  backlog: 'Human tasks open at the end of the range (created before it, not closed by then).',
  assistantAccuracy: 'Share of the reviewed assistant answers (of the issues of the range) that reviewers marked correct; incorrect and harmful count against. Answers reach review by a random sample (REVIEW_SAMPLE_SHARE) or after a low CSAT (1-2), a reopen or a "that didn\'t help" reply, so the share over all verdicts leans low; sampled.share counts the random sample only.',
} as const;

export const AUTOMATION_DEFINITION_TEXT: Record<AutomationDefinition, string> = {
  switchboard: DEFINITIONS.automationRate,
  silence24h: 'Intercom-style: share of the issues with no human task whose customer sent nothing for 24 hours after the assistant\'s last answer (counting up to now when they never wrote again), closed or not.',
  silence72h: 'Zendesk-style: as silence24h with a 72-hour silence.',
};

export type DefinitionLanguage = 'en' | 'ru';

/** The definitions for one automation definition, in English or Russian (definitions-ru.ts). */
export function definitionsFor(automation: AutomationDefinition, lang: DefinitionLanguage = 'en'): Record<string, string> {
  if (lang === 'ru') return { ...DEFINITIONS_RU, automationRate: AUTOMATION_DEFINITION_TEXT_RU[automation] };
  return { ...DEFINITIONS, automationRate: AUTOMATION_DEFINITION_TEXT[automation] };
}
