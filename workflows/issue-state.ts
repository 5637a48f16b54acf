/** Construction and small pure helpers of the issue state kept by the workflow. */
import type {
  EscalationReason, IssueMessage, IssueState, IssueWorkflowInput, LlmUsage, OperatorRequestRecord, StepFailure,
  TurnAudit,
} from '../src/domain/issue';
import { STATE_LIMITS, messageForState } from '../src/domain/state-budget';

function pushCapped<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

export function recordTurn(state: IssueState, turn: TurnAudit): void {
  pushCapped((state.audit ??= []), turn, STATE_LIMITS.audit);
}

export function recordFailure(state: IssueState, failure: StepFailure): void {
  pushCapped((state.failures ??= []), failure, STATE_LIMITS.failures);
}

/** A resolved or closed issue opens again: its resolution and the CSAT question asked about it are forgotten. */
export function reopenIssue(state: IssueState): void {
  state.reopenCount += 1;
  state.status = 'open';
  state.resolvedAt = undefined;
  state.resolvedBy = undefined;
  state.csatAskedAt = undefined;
  state.csatRequest = undefined;
  state.csat = undefined;
}

export function rememberOperatorRequest(state: IssueState, record: OperatorRequestRecord): void {
  pushCapped((state.operatorRequests ??= []), record, STATE_LIMITS.operatorRequests);
}

export function operatorRequest(state: IssueState, requestId: string | undefined): OperatorRequestRecord | undefined {
  return requestId ? state.operatorRequests?.find((r) => r.requestId === requestId) : undefined;
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

/** Keeps a shortened copy of the message in the state (the full text goes to PostgreSQL). */
export function rememberMessage(state: IssueState, message: IssueMessage): void {
  state.messages.push(messageForState(message));
  const excess = state.messages.length - STATE_LIMITS.messages;
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
