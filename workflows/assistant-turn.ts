/**
 * The assistant's turn on what the customer wrote since the last turn (one message, or a burst answered
 * together): classify and draft in one step, look up what the model asks for, answer when grounded and
 * confident, otherwise hand over to a person — every step recorded in the turn audit. Workflow code.
 */
import { proxyActivities } from '@temporalio/workflow';
import type {
  DraftAnswerInput, IssueEventType, ProjectionChange, SupportActivities, TurnInput, TurnResult,
} from '../activities/types';
import type {
  CustomerDataResult, DraftAnswer, EscalationReason, IssueState, TaskDraft,
} from '../src/domain/issue';
import type { Priority } from '../src/domain/priority';
import { decideTurn } from '../src/domain/turn-decision';
import { errorText } from './errors';
import { addUsage, recordTurn } from './issue-state';

/**
 * The assistant (an LLM, or the offline responder) may be slow and may fail: a few quick retries, then the
 * workflow escalates to a human. The activity heartbeats, so a dead worker is detected in 10 s rather than
 * after the full minute. A regular activity even for the offline responder: a local activity resolving beside
 * the workflow's other commands can replay in another order than it ran (a non-determinism the replay test
 * caught), and one round trip per turn is what the turn costs.
 */
const assistant = proxyActivities<Pick<SupportActivities, 'answerTurn' | 'draftAnswer'>>({
  startToCloseTimeout: '60s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 3 },
});

/** CRM look-ups are quick reads of our database or the company's CRM. */
const lookups = proxyActivities<Pick<SupportActivities, 'lookupCustomerData'>>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 3 },
});

const HISTORY_FOR_ASSISTANT = 10;
/** Rounds of CRM look-ups the model may ask for in one turn (then a person takes over). */
export const MAX_LOOKUP_ROUNDS = 3;

/** What a turn needs from the issue workflow. Escalating and answering only change state and queue messages. */
export interface TurnContext {
  state: IssueState;
  nowIso(): string;
  /** `recorded`: the event was projected already by the turn's activity, under the id the workflow reserved */
  event(type: IssueEventType, data?: Record<string, unknown>, recorded?: { eventId: string }): void;
  escalate(reason: EscalationReason, priority: Priority, draft?: TaskDraft): void;
  /**
   * Records the assistant's message to the customer. With `sent`, the turn's activity delivered it already
   * (under the id the workflow reserved); otherwise it is queued for the delivery loop.
   */
  answer(text: string, sent?: { delivered: boolean; projected: boolean; failedForGood?: boolean; error?: string }): void;
  /**
   * an outbound message id (and the version and event ids of the answered outcome) for the turn's activity to
   * send and project the answer under, when nothing else is queued for delivery
   */
  reserveDirectSend(): DirectSend | undefined;
  /** the pending projection change: the turn's activity writes it first */
  takeProjection(): ProjectionChange | undefined;
  projectionRefused(error: string | undefined): void;
  /** the turn's activity failed: the change it carried goes back to be written by the projection */
  projectionNotWritten(change: ProjectionChange | undefined): void;
}

export type DirectSend = NonNullable<TurnInput['send']>;

/** The customer messages a turn answers: their ids in the state and their full texts. */
export interface TurnMessages {
  ids: string[];
  texts: string[];
}

export async function runAssistantTurn(ctx: TurnContext, turn: TurnMessages): Promise<void> {
  const { state, event, escalate } = ctx;
  // The messages being answered are the question, not history: the model sees each once.
  const earlier = state.messages.filter((m) => !turn.ids.includes(m.id));
  const history = earlier.slice(-HISTORY_FOR_ASSISTANT).map(({ author, text }) => ({ author, text }));
  const base = { issueId: state.issueId, customerId: state.customerId, text: turn.texts.join('\n'), history };
  const previousDecision = state.audit?.at(-1)?.decision;
  // The pending change first, then the reservation: the answered outcome gets the higher version.
  const projection = ctx.takeProjection();
  const direct = ctx.reserveDirectSend();
  let result: TurnResult;
  try {
    result = await assistant.answerTurn({ ...base, projection, send: direct ? { ...direct, previousDecision } : undefined });
    ctx.projectionRefused(result.projectionError);
  } catch (error) {
    ctx.projectionNotWritten(projection);
    event('assistant_failed', { step: 'turn', error: errorText(error) });
    return escalate('assistant_unavailable', state.priority);
  }
  const { classification } = result;
  state.classification = classification;
  state.priority = classification.priority;
  addUsage(state, classification.usage);
  const recorded = result.sent?.projected && direct ? direct.outcome : undefined;
  event('classified', { ...classification }, recorded ? { eventId: recorded.classifiedEventId } : undefined);
  const { category, intent, confidence, sentiment, wantsHuman } = classification;
  const audit = (decision: 'answer' | 'clarify' | 'escalate', reason: string, draft?: DraftAnswer) => recordTurn(state, {
    at: ctx.nowIso(), messageId: turn.ids[turn.ids.length - 1]!, source: classification.source,
    classification: { category, intent, confidence, sentiment, wantsHuman },
    retrieved: draft?.retrieved ?? [], cited: draft?.citations ?? [], confidence: draft?.confidence, decision, reason,
  });
  let draft = result.draft;
  addUsage(state, draft?.usage);
  let outcome = decideTurn(classification, draft, previousDecision);
  if (outcome.kind === 'lookup') {
    try {
      draft = await continueWithLookups(state, { ...base, classification }, draft!);
    } catch (error) {
      event('assistant_failed', { step: 'answer', error: errorText(error) });
      audit('escalate', `the assistant failed: ${errorText(error)}`);
      return escalate('assistant_unavailable', classification.priority);
    }
    outcome = decideTurn(classification, draft, previousDecision);
    if (outcome.kind === 'lookup') {
      outcome = { kind: 'escalate', reason: 'low_confidence', priority: classification.priority,
        why: `the model kept asking for look-ups (more than ${MAX_LOOKUP_ROUNDS} rounds)` };
    }
  }
  if (outcome.kind === 'escalate') {
    audit('escalate', outcome.why, draft);
    return escalate(outcome.reason, outcome.priority, draft && {
      text: draft.text, source: draft.source, citations: draft.citations.length > 0 ? draft.citations : draft.retrieved ?? [],
    });
  }
  if (outcome.kind !== 'send' || !draft) return;
  audit(outcome.decision, draft.reason, draft);
  // The activity sent it already (or stored it and failed to send: the delivery loop retries it).
  ctx.answer(result.sent?.text ?? draft.text, result.sent && direct ? result.sent : undefined);
}

/**
 * When the model asks for CRM look-ups, runs each as its own activity for this issue's customer and asks
 * again — at most MAX_LOOKUP_ROUNDS times, so a looping model cannot run away.
 */
async function continueWithLookups(state: IssueState, input: DraftAnswerInput, first: DraftAnswer): Promise<DraftAnswer> {
  let draft = first;
  for (let round = 0; draft.decision === 'lookup' && draft.pending && round < MAX_LOOKUP_ROUNDS; round += 1) {
    const results: CustomerDataResult[] = [];
    for (const call of draft.calls ?? []) {
      results.push(await lookups.lookupCustomerData({ customerId: state.customerId, call }));
    }
    draft = await assistant.draftAnswer({ ...input, continuation: { ...draft.pending, results } });
    addUsage(state, draft.usage);
  }
  return draft;
}
