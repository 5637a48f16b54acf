/**
 * What the assistant's turn does with a classification and a draft: hand over to a person (and why), run the
 * look-ups the model asked for, or send the draft to the customer. Pure, so the turn's activity (which sends an
 * answer itself, sparing a round trip) and the workflow decide alike.
 */
import type { Classification, DraftAnswer, EscalationReason, TurnAudit } from './issue';
import { raisePriority, type Priority } from './priority';

export type TurnOutcome =
  | { kind: 'escalate'; reason: EscalationReason; priority: Priority; why: string }
  | { kind: 'lookup' }
  | { kind: 'send'; decision: 'answer' | 'clarify' };

export function decideTurn(
  classification: Classification, draft: DraftAnswer | undefined, previousDecision: TurnAudit['decision'] | undefined,
): TurnOutcome {
  const escalate = (reason: EscalationReason, why: string, priority = classification.priority): TurnOutcome =>
    ({ kind: 'escalate', reason, priority, why });
  if (classification.wantsHuman) return escalate('customer_asked_for_human', 'the customer asked for a person');
  if (classification.sentiment === 'negative') {
    return escalate('negative_sentiment', 'negative sentiment', raisePriority(classification.priority));
  }
  if (!draft) return escalate('low_confidence', 'the assistant returned no answer');
  if (draft.decision === 'lookup') return { kind: 'lookup' };
  if (draft.decision === 'clarify' && previousDecision === 'clarify') {
    // One clarifying question per topic: asking again would go in circles, a person does better.
    return escalate('low_confidence', 'still unclear after a clarifying question');
  }
  if (draft.decision === 'escalate') return escalate('low_confidence', draft.reason);
  return { kind: 'send', decision: draft.decision };
}

/** The issue's projected row once the assistant answered: the turn's activity writes it, the workflow agrees. */
export function answeredIssue<T extends { status: string; priority: Priority; category?: string; firstResponseAt?: string }>(
  issue: T, classification: Classification, at: string,
): T {
  return {
    ...issue, status: 'waiting_customer', priority: classification.priority, category: classification.category,
    firstResponseAt: issue.firstResponseAt ?? at,
  };
}
