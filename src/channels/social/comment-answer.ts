import { PermanentDeliveryError, beforeNextPart, type OutboundMessage } from '../outbound';
import { splitMessage } from '../message-split';
import type { ReplyTarget, SocialOutboundStore } from './social-store';

export type PrivateReplyResult = { sent: true; id: string; recipientId?: string } | { sent: false; reason: string };

/** How one platform answers a comment: privately to the commenter, and publicly under the comment. */
export interface CommentReplies {
  /** whether the whole answer fits one private message (a private reply is a single message) */
  privateTextFits(text: string): boolean;
  publicTextLimit: number;
  /** how long after the comment a private reply is allowed (Meta: 7 days); undefined: no limit */
  privateReplyWindowMs?: number;
  /** resolves `{sent: false}` when the platform does not allow it (its refusal is not an outage) */
  privateReply(target: ReplyTarget, text: string, message: OutboundMessage): Promise<PrivateReplyResult>;
  /** returns the platform's id of the public reply */
  publicReply(target: ReplyTarget, text: string, part: number, message: OutboundMessage): Promise<string>;
}

/** The short public answer when the whole answer went privately, in the answer's language. */
export function privateReplyNote(answer: string): string {
  return /[\u0400-\u04FF]/.test(answer) ? 'Ответили вам в личных сообщениях.' : 'We have sent you the answer in a private message.';
}

function privateRefusal(target: ReplyTarget, text: string, replies: CommentReplies, now: Date): string | undefined {
  if (target.privateReplyId) return 'the commenter already got a private reply to this comment (one per comment)';
  if (replies.privateReplyWindowMs !== undefined && now.getTime() - target.sentAt.getTime() >= replies.privateReplyWindowMs) {
    return 'the comment is too old for a private reply';
  }
  if (!replies.privateTextFits(text)) return 'the answer is longer than one private message may be';
  return undefined;
}

/**
 * Answers the customer's latest comment. The assistant's answers follow SOCIAL_COMMENT_POLICY (a comment it
 * should not answer gets nothing: the message fails for good with the policy's reason, which the issue shows, and
 * a `social_comment_not_answered` event); an operator's reply always goes out. The answer goes
 * privately where the platform allows (then the public reply is a short note that it did), else publicly in full.
 * Part 0 is the private reply, parts 1… the public ones; each is recorded, so a retry sends only what is missing.
 */
export async function answerComment(
  message: OutboundMessage, target: ReplyTarget, replies: CommentReplies, store: SocialOutboundStore, now: Date,
): Promise<boolean> {
  const comment = { channel: target.channel, commentId: target.commentId, externalMessageId: target.externalMessageId };
  if (message.author !== 'operator' && !target.autoAnswer) {
    const reason = target.policyReason ?? 'SOCIAL_COMMENT_POLICY';
    await store.recordIssueNote({
      issueId: message.issueId, messageId: message.messageId, type: 'social_comment_not_answered',
      data: { ...comment, reason, author: message.author ?? null },
    });
    // Shown on the issue as this message's failed delivery, with the reason: the operator sees it was not posted.
    throw new PermanentDeliveryError(`not posted under the comment: ${reason}`);
  }
  const sent = await store.sentParts(message.messageId);
  let privately = [...sent.values()].includes('private_reply');
  if (sent.size === 0) {
    let refused = privateRefusal(target, message.text, replies, now);
    if (!refused) {
      await beforeNextPart(message);
      const result = await replies.privateReply(target, message.text, message);
      if (result.sent) {
        await store.recordPart({ messageId: message.messageId, issueId: message.issueId, part: 0, providerMessageId: result.id, kind: 'private_reply' });
        await store.recordPrivateReply(target, result.id, result.recipientId);
        privately = true;
      } else {
        refused = result.reason;
      }
    }
    if (refused) {
      await store.recordIssueNote({
        issueId: message.issueId, messageId: message.messageId, type: 'social_private_reply_skipped', data: { ...comment, reason: refused },
      });
    }
  }
  const publicParts = privately ? [privateReplyNote(message.text)] : splitMessage(message.text, replies.publicTextLimit);
  for (const [index, text] of publicParts.entries()) {
    const part = index + 1;
    if (sent.has(part)) continue;
    await beforeNextPart(message);
    const id = await replies.publicReply(target, text, part, message);
    await store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: id, kind: 'public_reply' });
  }
  return true;
}
