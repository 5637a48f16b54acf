/**
 * The assistant's turn on one customer message: classify, look up what the model asks for, answer when grounded
 * and confident, otherwise hand over to a person — every step recorded in the turn audit. Workflow code.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DraftAnswerInput, IssueEventType, SupportActivities } from '../../activities/types';
import type {
  CustomerDataResult, DraftAnswer, EscalationReason, InboundMessage, IssueState, MessageAuthor,
} from '../../src/domain/issue';
import { raisePriority, type Priority } from '../../src/domain/priority';
import { errorText } from '../errors';
import { addUsage, recordTurn } from './issue-state';

/**
 * The LLM is slow and may fail: a few quick retries, then the workflow escalates to a human. The activity
 * heartbeats, so a dead worker is detected in 10 s rather than after the full minute.
 */
const assistant = proxyActivities<Pick<SupportActivities, 'classifyMessage' | 'draftAnswer'>>({
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

/** What a turn needs from the issue workflow. */
export interface TurnContext {
  state: IssueState;
  nowIso(): string;
  event(type: IssueEventType, data?: Record<string, unknown>): void;
  escalate(reason: EscalationReason, priority: Priority): Promise<void>;
  sendToCustomer(text: string, author: MessageAuthor): Promise<string>;
}

export async function runAssistantTurn(ctx: TurnContext, message: InboundMessage, messageId: string): Promise<void> {
  const { state, event, escalate } = ctx;
  const history = state.messages.slice(-HISTORY_FOR_ASSISTANT).map(({ author, text }) => ({ author, text }));
  const base = { issueId: state.issueId, customerId: state.customerId, text: message.text, history };
  let classification;
  try {
    classification = await assistant.classifyMessage(base);
  } catch (error) {
    event('assistant_failed', { step: 'classify', error: errorText(error) });
    return escalate('assistant_unavailable', state.priority);
  }
  state.classification = classification;
  state.priority = classification.priority;
  addUsage(state, classification.usage);
  event('classified', { ...classification });
  const { category, intent, confidence, sentiment, wantsHuman } = classification;
  const turn = (decision: 'answer' | 'clarify' | 'escalate', reason: string, draft?: DraftAnswer) => recordTurn(state, {
    at: ctx.nowIso(), messageId, source: classification.source,
    classification: { category, intent, confidence, sentiment, wantsHuman },
    retrieved: draft?.retrieved ?? [], cited: draft?.citations ?? [], confidence: draft?.confidence, decision, reason,
  });
  if (classification.wantsHuman) {
    turn('escalate', 'the customer asked for a person');
    return escalate('customer_asked_for_human', classification.priority);
  }
  if (classification.sentiment === 'negative') {
    turn('escalate', 'negative sentiment');
    return escalate('negative_sentiment', raisePriority(classification.priority));
  }
  let draft;
  try {
    draft = await draftWithLookups(state, { ...base, classification });
  } catch (error) {
    event('assistant_failed', { step: 'answer', error: errorText(error) });
    turn('escalate', `the assistant failed: ${errorText(error)}`);
    return escalate('assistant_unavailable', classification.priority);
  }
  if (draft.decision === 'lookup') {
    turn('escalate', `the model kept asking for look-ups (more than ${MAX_LOOKUP_ROUNDS} rounds)`, draft);
    return escalate('low_confidence', classification.priority);
  }
  if (draft.decision === 'clarify' && state.audit?.at(-1)?.decision === 'clarify') {
    // One clarifying question per topic: asking again would go in circles, a person does better.
    turn('escalate', 'still unclear after a clarifying question', draft);
    return escalate('low_confidence', classification.priority);
  }
  turn(draft.decision, draft.reason, draft);
  if (draft.decision === 'escalate') return escalate('low_confidence', classification.priority);
  state.status = 'waiting_customer';
  state.waitingSince = ctx.nowIso();
  state.nudged = false;
  state.firstResponseAt ??= ctx.nowIso();
  await ctx.sendToCustomer(draft.text, 'assistant');
}

/**
 * Drafts the answer; when the model asks for CRM look-ups, runs each as its own activity for this issue's
 * customer and asks again — at most MAX_LOOKUP_ROUNDS times, so a looping model cannot run away.
 */
async function draftWithLookups(state: IssueState, input: DraftAnswerInput): Promise<DraftAnswer> {
  let draft = await assistant.draftAnswer(input);
  addUsage(state, draft.usage);
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
