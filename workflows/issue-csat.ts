/**
 * The CSAT question inside the issue workflow (patch `csat-every-channel`): asked once per resolution as
 * CSAT_MODE says (carried in the issue's policy), one reminder when no rating came, a rating with an optional
 * comment from the chat or a button/link/widget (a signal), remembered with the operator it rates. After the
 * assistant's issue closed itself the workflow stays until the rating window ends, so that rating counts too.
 * Deterministic: the main loop sets the timers from `nextDeadline`; the channels render the prompt in activities.
 */
import type { IssueEventType } from '../activities/types';
import type { Channel } from '../src/domain/channel';
import { CSAT_COMMENT_MAX_CHARS, ratingReply, ratingWindowOpen } from '../src/domain/csat-reply';
import { customerText } from '../src/domain/customer-texts';
import type { CsatPromptKind, IssueState, MessageAuthor } from '../src/domain/issue';
import type { SupportPolicy } from '../src/domain/policy';

export { CSAT_PATCH } from './patches';

export interface IssueCsatContext {
  state: IssueState;
  policy: SupportPolicy;
  nowIso(): string;
  event(type: IssueEventType, data?: Record<string, unknown>): void;
  queueToCustomer(text: string, author: MessageAuthor, options: { kind?: CsatPromptKind }): string;
}

export function issueCsat({ state, policy, nowIso, event, queueToCustomer }: IssueCsatContext) {
  /** Issues started before CSAT_MODE existed ask after an operator's resolution, as they always did. */
  const mode = policy.csatMode ?? 'operator';

  /** Asks for the rating of this resolution, when the mode wants it; forgets any earlier question. */
  function askForRating(by: 'operator' | 'assistant', operatorId?: string): void {
    state.csat = undefined;
    state.csatAskedAt = undefined;
    state.csatRequest = undefined;
    if (mode === 'off' || (mode === 'operator' && by !== 'operator')) return;
    const now = nowIso();
    const at = Date.parse(now);
    state.csatAskedAt = now;
    state.csatRequest = {
      by, ...(operatorId ? { operatorId } : {}),
      ...(policy.csatReminderMs && policy.csatReminderMs < policy.csatWaitMs
        ? { reminderDueAt: new Date(at + policy.csatReminderMs).toISOString() } : {}),
      ...(by === 'assistant' ? { openUntil: new Date(at + policy.csatWaitMs).toISOString() } : {}),
    };
    event('csat_requested', { by, channel: state.channel });
    const key = by === 'assistant' ? 'csatQuestionAfterClose' : 'csatQuestion';
    queueToCustomer(customerText(key, state.classification?.language), 'system', { kind: 'csat_question' });
  }

  /** The one reminder, in the channel the customer used last. */
  function remind(): void {
    const request = state.csatRequest;
    if (!request || request.remindedAt || state.csat) return;
    request.remindedAt = nowIso();
    event('csat_reminded', { channel: state.channel });
    queueToCustomer(customerText('csatReminder', state.classification?.language), 'system', { kind: 'csat_reminder' });
  }

  /** The rating window after the assistant's issue closed itself has ended: the workflow may finish. */
  function windowEnded(): void {
    if (state.csatRequest) state.csatRequest.openUntil = undefined;
  }

  function windowOpen(): boolean {
    return ratingWindowOpen(state.csatAskedAt, Boolean(state.csat), Date.now(), policy.csatWaitMs);
  }

  function record(score: number, comment: string | undefined, channel: Channel | undefined): void {
    const operatorId = state.csatRequest?.operatorId;
    state.csat = {
      score, at: nowIso(), ...(comment ? { comment } : {}), ...(channel ? { channel } : {}), ...(operatorId ? { operatorId } : {}),
    };
    event('csat_received', { score, channel, ...(operatorId ? { operatorId } : {}), ...(comment ? { hasComment: true } : {}) });
  }

  /**
   * A comment sent after the rating (the e-mail landing page's form after its one-click link): added to that
   * rating once, within the rating window; a different score changes nothing (the first rating stands).
   */
  function addComment(score: number, comment: string): boolean {
    const rated = state.csat;
    if (!state.csatRequest || !rated || rated.comment || rated.score !== score || !comment.trim()) return false;
    if (!state.csatAskedAt || Date.now() > Date.parse(state.csatAskedAt) + policy.csatWaitMs) return false;
    rated.comment = comment.trim().slice(0, CSAT_COMMENT_MAX_CHARS);
    event('csat_commented', { score });
    return true;
  }

  /** A chat message after the question: the rating (and the comment after it), or undefined for a real message. */
  function takeChatRating(text: string, channel: Channel): boolean {
    const reply = ratingReply(text);
    if (!reply || !windowOpen()) return false;
    record(reply.score, reply.comment, channel);
    return true;
  }

  /** Whether the closed issue still waits for the rating of the assistant's help. */
  function keepsClosedIssueOpen(): boolean {
    return Boolean(state.status === 'closed' && state.csatRequest?.openUntil && !state.csat);
  }

  return { askForRating, remind, windowEnded, windowOpen, record, addComment, takeChatRating, keepsClosedIssueOpen };
}

export type IssueCsat = ReturnType<typeof issueCsat>;
