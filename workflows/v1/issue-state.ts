/** Construction and small pure helpers of the issue state kept by the workflow. */
import type {
  EscalationReason, IssueMessage, IssueState, IssueWorkflowInput, LlmUsage, TurnAudit,
} from '../../src/domain/issue';

/** Messages kept in the workflow state (the full history is in PostgreSQL); keeps payloads small. */
export const MAX_MESSAGES_IN_STATE = 200;
/** External message ids remembered for deduplication; re-deliveries come within minutes, not thousands of messages. */
export const MAX_SEEN_IDS = 2_000;
/** Assistant turns kept in the audit trail of the state. */
export const MAX_AUDIT_TURNS = 50;

export function recordTurn(state: IssueState, turn: TurnAudit): void {
  const audit = (state.audit ??= []);
  audit.push(turn);
  if (audit.length > MAX_AUDIT_TURNS) audit.splice(0, audit.length - MAX_AUDIT_TURNS);
}

export function addUsage(state: IssueState, usage: LlmUsage | undefined): void {
  if (!usage) return;
  const totals = (state.usage ??= { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
  totals.calls += 1;
  totals.promptTokens += usage.promptTokens;
  totals.completionTokens += usage.completionTokens;
  totals.costUsd += usage.costUsd ?? 0;
}

export function initialIssueState(input: IssueWorkflowInput, nowIso: string): IssueState {
  return {
    issueId: input.issueId,
    customerId: input.customerId,
    status: 'open',
    channel: input.channel,
    priority: 'normal',
    messages: [],
    olderMessageCount: 0,
    pastTasks: [],
    breaches: [],
    createdAt: nowIso,
    nudged: false,
    reopenCount: 0,
    seq: 0,
    seenMessageIds: [],
    version: 0,
  };
}

export function rememberMessage(state: IssueState, message: IssueMessage): void {
  state.messages.push(message);
  const excess = state.messages.length - MAX_MESSAGES_IN_STATE;
  if (excess > 0) {
    state.messages.splice(0, excess);
    state.olderMessageCount += excess;
  }
}

const REASON_TEXT: Record<EscalationReason, string> = {
  customer_asked_for_human: 'The customer asked for a person.',
  negative_sentiment: 'The customer sounds upset.',
  low_confidence: 'The assistant found no confident answer in the knowledge base.',
  assistant_unavailable: 'The assistant failed or timed out.',
  reopened: 'The customer reopened an issue an operator had resolved.',
};

/** A short summary for the operator who picks the task up. */
export function summariseForOperator(state: IssueState, reason: EscalationReason): string {
  const lastCustomer = [...state.messages].reverse().find((m) => m.author === 'customer');
  const c = state.classification;
  const parts = [REASON_TEXT[reason]];
  if (c) parts.push(`Category: ${c.category} (${c.intent}), sentiment ${c.sentiment}, language ${c.language}.`);
  if (lastCustomer) parts.push(`Last message: "${lastCustomer.text.slice(0, 280)}"`);
  return parts.join(' ');
}
