/**
 * The assistant's turn on what the customer wrote since the last turn (one message, or a burst answered
 * together): classify and draft in one step, look up what the model asks for, answer when grounded and
 * confident, otherwise hand over to a person — every step recorded in the turn audit. Workflow code.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { DraftAnswerInput, IssueEventType, SupportActivities, TurnResult } from '../activities/types';
import type {
  CustomerDataResult, DraftAnswer, EscalationReason, IssueState,
} from '../src/domain/issue';
import { raisePriority, type Priority } from '../src/domain/priority';
import { errorText } from './errors';
import { addUsage, recordTurn } from './issue-state';

/**
 * The LLM is slow and may fail: a few quick retries, then the workflow escalates to a human. The activity
 * heartbeats, so a dead worker is detected in 10 s rather than after the full minute.
 */
const llm = proxyActivities<Pick<SupportActivities, 'answerTurn' | 'draftAnswer'>>({
  startToCloseTimeout: '60s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 3 },
});

/**
 * The offline responder reads our own database and computes for milliseconds: a local activity, run by the
 * worker that holds the workflow, with no task-queue round trip and one marker event instead of three.
 */
const offline = proxyLocalActivities<Pick<SupportActivities, 'answerTurn'>>({
  // generous: the first turn after new intent examples waits for the model to be trained
  startToCloseTimeout: '60s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 3 },
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
  runsLocally: boolean;
  nowIso(): string;
  event(type: IssueEventType, data?: Record<string, unknown>): void;
  escalate(reason: EscalationReason, priority: Priority): void;
  answer(text: string): void;
}

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
  let result: TurnResult;
  try {
    result = ctx.runsLocally ? await offline.answerTurn(base) : await llm.answerTurn(base);
  } catch (error) {
    event('assistant_failed', { step: 'turn', error: errorText(error) });
    return escalate('assistant_unavailable', state.priority);
  }
  const { classification } = result;
  state.classification = classification;
  state.priority = classification.priority;
  addUsage(state, classification.usage);
  event('classified', { ...classification });
  const { category, intent, confidence, sentiment, wantsHuman } = classification;
  const audit = (decision: 'answer' | 'clarify' | 'escalate', reason: string, draft?: DraftAnswer) => recordTurn(state, {
    at: ctx.nowIso(), messageId: turn.ids[turn.ids.length - 1]!, source: classification.source,
    classification: { category, intent, confidence, sentiment, wantsHuman },
    retrieved: draft?.retrieved ?? [], cited: draft?.citations ?? [], confidence: draft?.confidence, decision, reason,
  });
  if (classification.wantsHuman) {
    audit('escalate', 'the customer asked for a person');
    return escalate('customer_asked_for_human', classification.priority);
  }
  if (classification.sentiment === 'negative') {
    audit('escalate', 'negative sentiment');
    return escalate('negative_sentiment', raisePriority(classification.priority));
  }
  let draft = result.draft;
  if (!draft) {
    audit('escalate', 'the assistant returned no answer');
    return escalate('low_confidence', classification.priority);
  }
  addUsage(state, draft.usage);
  try {
    draft = await continueWithLookups(state, { ...base, classification }, draft);
  } catch (error) {
    event('assistant_failed', { step: 'answer', error: errorText(error) });
    audit('escalate', `the assistant failed: ${errorText(error)}`);
    return escalate('assistant_unavailable', classification.priority);
  }
  if (draft.decision === 'lookup') {
    audit('escalate', `the model kept asking for look-ups (more than ${MAX_LOOKUP_ROUNDS} rounds)`, draft);
    return escalate('low_confidence', classification.priority);
  }
  if (draft.decision === 'clarify' && state.audit?.at(-1)?.decision === 'clarify') {
    // One clarifying question per topic: asking again would go in circles, a person does better.
    audit('escalate', 'still unclear after a clarifying question', draft);
    return escalate('low_confidence', classification.priority);
  }
  audit(draft.decision, draft.reason, draft);
  if (draft.decision === 'escalate') return escalate('low_confidence', classification.priority);
  ctx.answer(draft.text);
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
    draft = await llm.draftAnswer({ ...input, continuation: { ...draft.pending, results } });
    addUsage(state, draft.usage);
  }
  return draft;
}
