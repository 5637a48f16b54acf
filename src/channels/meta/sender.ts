import { PermanentDeliveryError, beforeNextPart, type ChannelSender, type OutboundMessage } from '../outbound';
import { splitMessage } from '../message-split';
import { answerComment, type CommentReplies, type PrivateReplyResult } from '../social/comment-answer';
import type { ReplyTarget, SocialOutboundStore } from '../social/social-store';
import { deliveryErrorFor, isThrottling } from './delivery-errors';
import { MetaGraphError, type AttachmentMessage, type MessagingBody, type MetaGraphApi } from './graph-api';
import { FILE_PARTS } from '../outbound-parts';
import { messagingWindow } from './messaging-window';

export type MetaPlatform = 'facebook' | 'instagram';

/** Send API text limits: Messenger 2,000 characters, Instagram 1,000 bytes (UTF-8). */
const TEXT_LIMIT = { facebook: { chars: 2_000, bytes: Infinity }, instagram: { chars: 1_000, bytes: 1_000 } } as const;
/** Public replies: Facebook comments take 8,000 characters, Instagram 2,200. */
const COMMENT_LIMIT = { facebook: 8_000, instagram: 2_200 } as const;
/** A private reply to a comment is allowed within 7 days of it. */
const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Splits within a character limit and, for Instagram, a byte limit too (shrinking the window until all fit). */
export function splitForPlatform(text: string, platform: MetaPlatform): string[] {
  const { chars, bytes } = TEXT_LIMIT[platform];
  for (let limit: number = chars; ; limit = Math.floor(limit * 0.8)) {
    const parts = splitMessage(text, limit);
    if (limit < 50 || parts.every((p) => Buffer.byteLength(p, 'utf8') <= bytes)) return parts;
  }
}

/** Meta shows images inline and plays audio and video; everything else is a file to download. */
function metaFileType(contentType: string): AttachmentMessage['attachment']['type'] {
  const family = contentType.split('/')[0];
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'file';
}

/**
 * Replies on Facebook (Messenger, page comments) or Instagram (Direct, comments), to where the customer wrote
 * last. A direct message follows Meta's windows (see messaging-window.ts): refused for good, with the reason on
 * the issue, when no message may go. A comment is answered by answerComment (SOCIAL_COMMENT_POLICY, private
 * reply, short public reply). Parts are recorded one by one, so a retry sends only what is missing; the Send API
 * takes no idempotency key, so a crash between a send and its record repeats that one part (as on WhatsApp).
 * An operator's files follow the text of a direct reply, each as a Send API `attachment` whose `payload.url` is
 * its signed link (PUBLIC_URL + /attachments/…, valid ATTACHMENTS_URL_TTL_SECONDS): Meta fetches it before it
 * answers, and Instagram takes files only by link, so one way serves both. A comment's answer carries no files.
 */
export class MetaSender implements ChannelSender {
  private readonly commentReplies: CommentReplies;

  constructor(
    private readonly platform: MetaPlatform,
    private readonly api: MetaGraphApi,
    private readonly store: SocialOutboundStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.commentReplies = {
      privateTextFits: (text) => text.length <= TEXT_LIMIT[platform].chars && Buffer.byteLength(text, 'utf8') <= TEXT_LIMIT[platform].bytes,
      publicTextLimit: COMMENT_LIMIT[platform],
      privateReplyWindowMs: PRIVATE_REPLY_WINDOW_MS,
      privateReply: (target, text) => this.privateReply(target, text),
      publicReply: async (target, text) => {
        try {
          return await this.api.replyToComment(this.platform, target.commentId!, text);
        } catch (error) {
          throw deliveryErrorFor(error);
        }
      },
    };
  }

  async send(message: OutboundMessage): Promise<boolean> {
    if (!message.text.trim()) throw new PermanentDeliveryError('the message is empty');
    const target = await this.store.replyTarget(message.customerId);
    if (!target) throw new PermanentDeliveryError(`customer has no ${this.platform} conversation to reply to`);
    if (target.kind === 'comment') return answerComment(message, target, this.commentReplies, this.store, this.now());
    return this.sendDirect(message, target);
  }

  private async sendDirect(message: OutboundMessage, target: ReplyTarget): Promise<boolean> {
    const window = messagingWindow(target.lastDirectAt, this.now(), message.author);
    if (window.kind === 'closed') throw new PermanentDeliveryError(window.reason);
    const files = message.attachments ?? [];
    const unlinkable = files.find((f) => !/^https?:\/\//i.test(f.url));
    if (unlinkable) {
      throw new PermanentDeliveryError(`${unlinkable.name} cannot be sent: Meta fetches files from a link, and PUBLIC_URL is not set`);
    }
    const sent = await this.store.sentParts(message.messageId);
    const parts: { part: number; content: { text: string } | AttachmentMessage; kind: 'text' | 'file' }[] = [
      ...splitForPlatform(message.text, this.platform).map((text, part) => ({ part, content: { text }, kind: 'text' as const })),
      ...files.map((f, i) => ({
        part: FILE_PARTS + i, kind: 'file' as const,
        content: { attachment: { type: metaFileType(f.contentType), payload: { url: f.url, is_reusable: false as const } } },
      })),
    ];
    for (const { part, content, kind } of parts) {
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      const body: MessagingBody = window.kind === 'standard'
        ? { recipient: { id: target.senderId }, messaging_type: 'RESPONSE', message: content }
        : { recipient: { id: target.senderId }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: content };
      let messageId: string;
      try {
        ({ messageId } = await this.api.sendMessage(body));
      } catch (error) {
        throw deliveryErrorFor(error);
      }
      await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: messageId, kind });
    }
    return true;
  }

  /** Private reply (`recipient: {comment_id}`): Meta's refusal (already replied, not allowed) is not an outage. */
  private async privateReply(target: ReplyTarget, text: string): Promise<PrivateReplyResult> {
    try {
      const sent = await this.api.sendMessage({ recipient: { comment_id: target.commentId! }, messaging_type: 'RESPONSE', message: { text } });
      return { sent: true, id: sent.messageId, recipientId: sent.recipientId };
    } catch (error) {
      if (error instanceof MetaGraphError && !isThrottling(error) && error.status >= 400 && error.status < 500) {
        return { sent: false, reason: `Meta refused the private reply: ${error.detail}` };
      }
      throw deliveryErrorFor(error);
    }
  }
}
