import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Db } from '../src/db/pool';
import type { IssueMessage } from '../src/domain/issue';
import { answeredIssue } from '../src/domain/turn-decision';
import { decideTurn } from '../src/domain/turn-decision';
import type { DeliverInput, DeliveryResult, ProjectionChange, TurnInput, TurnResult } from './types';

/**
 * The assistant's turn that also sends its answer, when the workflow reserved a message id for that (nothing
 * else waiting for delivery): one activity and one workflow round trip per answered message instead of two.
 * The send is the ordinary delivery (claimed, keyed by message id), so a retry after a crash finds the message
 * sent and returns the text that was stored first. A send that fails is reported, not thrown: the turn's
 * result stands and the workflow's delivery loop retries the message under its own policy.
 */
export function answeringAndSending(
  turn: (input: TurnInput) => Promise<TurnResult>,
  deliver: (input: DeliverInput) => Promise<DeliveryResult>,
  storedText: (messageId: string) => Promise<string | undefined>,
  project: (change: ProjectionChange) => Promise<void>,
): (input: TurnInput) => Promise<TurnResult> {
  return async (input) => {
    const result = await turn(input);
    const send = input.send;
    if (!send || !result.draft) return result;
    if (decideTurn(result.classification, result.draft, send.previousDecision).kind !== 'send') return result;
    const message: IssueMessage = {
      id: send.messageId, direction: 'outbound', author: 'assistant', channel: send.channel, text: result.draft.text, at: send.at,
    };
    let delivered = true;
    let failedForGood = false;
    let error: string | undefined;
    try {
      await deliver({
        issueId: input.issueId, customerId: input.customerId, channel: send.channel, messageId: send.messageId,
        text: message.text, message,
      });
    } catch (failure) {
      if (failure instanceof CancelledFailure) throw failure;
      delivered = false;
      // a refusal that would come again (unknown recipient, channel off): recorded, never retried
      failedForGood = failure instanceof ApplicationFailure && failure.nonRetryable === true;
      error = failure instanceof Error ? failure.message : String(failure);
    }
    // A retry after a crash: the customer may have the first attempt's text already; that is the answer.
    const text = Context.current().info.attempt > 1 ? await storedText(send.messageId) ?? message.text : message.text;
    const projected = await projectAnswered(project, input, result, { ...message, text });
    return { ...result, sent: { text, delivered, projected, ...(error ? { error, failedForGood } : {}) } };
  };
}

/**
 * The answered outcome as the workflow records it (src/domain/turn-decision.ts decided it alike): waiting for
 * the customer, classified, the message sent. Ids and version were reserved by the workflow, so its own
 * records of the same change are the same rows.
 */
async function projectAnswered(
  project: (change: ProjectionChange) => Promise<void>, input: TurnInput, result: TurnResult, message: IssueMessage,
): Promise<boolean> {
  const send = input.send!;
  const { issue, classifiedEventId, sentEventId } = send.outcome;
  try {
    await project({
      issue: answeredIssue(issue, result.classification, send.at),
      messages: [message],
      events: [
        { eventId: classifiedEventId, type: 'classified', at: send.at, data: { ...result.classification } },
        // the articles the answer rests on, for its review (the workflow's own audit reaches PostgreSQL later)
        { eventId: sentEventId, type: 'message_sent', at: send.at, data: {
          messageId: message.id, author: 'assistant', articleIds: (result.draft?.citations ?? []).map((c) => c.articleId),
        } },
      ],
    });
    return true;
  } catch (error) {
    if (error instanceof ApplicationFailure && error.nonRetryable) return false; // the workflow projects it itself
    throw error;
  }
}

/** The text stored for a message (what its first delivery attempt sent). */
export async function storedMessageText(db: Db, messageId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ body: string }>('SELECT body FROM messages WHERE id = $1', [messageId]);
  return rows[0]?.body;
}
