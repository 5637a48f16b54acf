/**
 * The byte budget of an issue workflow's state. The state travels in every query answer and in the
 * continue-as-new input, and Temporal refuses payloads over 2 MB (then terminates the run), so everything the
 * workflow keeps is capped — by count where that is natural, and by bytes overall. PostgreSQL keeps the full
 * history; the state keeps what the workflow and the operator's first glance need. Pure code.
 */
import type { IssueMessage, IssueState } from './issue';
import { truncateText } from './text-normalise';

export const STATE_LIMITS = {
  /** recent messages kept (the assistant sees the last few; operators read the rest from PostgreSQL) */
  messages: 40,
  /** characters of one message's text kept in the state (the full text is in PostgreSQL and in the outbox) */
  messageTextChars: 2_000,
  audit: 20,
  pastTasks: 10,
  breaches: 30,
  deliveryFailures: 20,
  failures: 20,
  /** external message ids remembered per run (PostgreSQL remembers them all) */
  seenMessageIds: 500,
  operatorRequests: 200,
} as const;

/** Well under Temporal's 2 MB payload limit, with room for the carried inbox and the outbox. */
export const STATE_BUDGET_BYTES = 256 * 1024;

/** UTF-8 length of a string without Buffer (workflow code has none). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

export function stateBytes(state: IssueState): number {
  return utf8Bytes(JSON.stringify(state));
}

/** The copy of a message the state keeps: its text shortened to the per-message cap. */
export function messageForState(message: IssueMessage): IssueMessage {
  const max = STATE_LIMITS.messageTextChars;
  return message.text.length <= max ? message : { ...message, text: truncateText(message.text, max) };
}

function keepLast<T>(list: T[] | undefined, max: number): number {
  if (!list || list.length <= max) return 0;
  const excess = list.length - max;
  list.splice(0, excess);
  return excess;
}

/**
 * Applies every cap, then drops the oldest messages, audit turns and past tasks until the whole state fits the
 * byte budget. Mutates and returns the state.
 */
export function fitStateBudget(state: IssueState, budget = STATE_BUDGET_BYTES): IssueState {
  state.olderMessageCount += keepLast(state.messages, STATE_LIMITS.messages);
  keepLast(state.audit, STATE_LIMITS.audit);
  keepLast(state.pastTasks, STATE_LIMITS.pastTasks);
  keepLast(state.breaches, STATE_LIMITS.breaches);
  keepLast(state.deliveryFailures, STATE_LIMITS.deliveryFailures);
  keepLast(state.failures, STATE_LIMITS.failures);
  keepLast(state.seenMessageIds, STATE_LIMITS.seenMessageIds);
  keepLast(state.operatorRequests, STATE_LIMITS.operatorRequests);
  let bytes = stateBytes(state);
  // Oldest first, the least useful first: messages beyond the last few, then audit, then history of tasks.
  const shrinkers: (() => boolean)[] = [
    () => state.messages.length > 5 && Boolean(state.messages.shift()) && (state.olderMessageCount += 1) > 0,
    () => (state.audit?.length ?? 0) > 1 && Boolean(state.audit!.shift()),
    () => state.pastTasks.length > 0 && Boolean(state.pastTasks.shift()),
    () => (state.deliveryFailures?.length ?? 0) > 0 && Boolean(state.deliveryFailures!.shift()),
    () => state.seenMessageIds.length > 0 && Boolean(state.seenMessageIds.shift()),
    () => state.messages.length > 0 && Boolean(state.messages.shift()) && (state.olderMessageCount += 1) > 0,
  ];
  for (const shrink of shrinkers) {
    while (bytes > budget && shrink()) bytes = stateBytes(state);
  }
  return state;
}
