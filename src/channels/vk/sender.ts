import { z } from 'zod';
import { PermanentDeliveryError, beforeNextPart, type ChannelSender, type OutboundMessage } from '../outbound';
import { splitMessage } from '../message-split';
import { answerComment, type CommentReplies, type PrivateReplyResult } from '../social/comment-answer';
import type { ReplyTarget, SocialOutboundStore } from '../social/social-store';
import { deliveryErrorFor, NO_MESSAGES_PERMISSION } from './delivery-errors';
import { vkCommentGuid, vkRandomId } from './random-id';
import { uploadToVk, VkApiError, type VkApi } from './vk-api';
import { FILE_PARTS } from '../outbound-parts';
import type { OutboundAttachment } from '../outbound';

/** messages.send takes 4,096 characters; a wall comment as many here (VK allows more). */
const TEXT_LIMIT = 4_096;
const sentMessageSchema = z.number().int();
const createdCommentSchema = z.object({ comment_id: z.number().int() }).loose();
const uploadServerSchema = z.object({ upload_url: z.string().min(1) }).loose();
const savedDocSchema = z.object({ type: z.literal('doc'), doc: z.object({ id: z.number().int(), owner_id: z.number().int() }).loose() }).loose();

/**
 * Replies in the community's messages (messages.send) or under the customer's wall comment (wall.createComment,
 * privately too where the user accepts messages from the community). Every send carries a key derived from the
 * outbound message and its part — `random_id` for messages, `guid` for comments — which VK uses to drop a repeat,
 * so a retried delivery never sends a part twice, even after a crash between the send and its record.
 * An operator's files follow the text of a message, each as a document of the dialog (docs.getMessagesUploadServer
 * → upload → docs.save → messages.send with `attachment=doc<owner>_<id>`), its own part with its own random_id.
 * Documents take every type we send (VK previews images among them); photos.* would take images only.
 */
export class VkSender implements ChannelSender {
  private readonly commentReplies: CommentReplies;

  constructor(
    private readonly groupId: number,
    private readonly api: VkApi,
    private readonly store: SocialOutboundStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.commentReplies = {
      privateTextFits: (text) => text.length <= TEXT_LIMIT,
      publicTextLimit: TEXT_LIMIT,
      privateReply: (target, text, message) => this.privateReply(target, text, message),
      publicReply: (target, text, part, message) => this.call(() => this.api.call('wall.createComment', {
        owner_id: -this.groupId, post_id: target.postId!, reply_to_comment: target.commentId!, from_group: this.groupId,
        message: text, guid: vkCommentGuid(message.messageId, part),
      }, createdCommentSchema).then((c) => `wall-${this.groupId}_${target.postId}_${c.comment_id}`)),
    };
  }

  async send(message: OutboundMessage): Promise<boolean> {
    if (!message.text.trim()) throw new PermanentDeliveryError('the message is empty');
    const target = await this.store.replyTarget(message.customerId);
    if (!target) throw new PermanentDeliveryError('customer has no VK conversation to reply to');
    if (target.kind === 'comment') return answerComment(message, target, this.commentReplies, this.store, this.now());
    const sent = await this.store.sentParts(message.messageId);
    for (const [part, text] of splitMessage(message.text, TEXT_LIMIT).entries()) {
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      const id = await this.call(() => this.sendMessage(target.senderId, text, message.messageId, part));
      await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: id, kind: 'text' });
    }
    for (const [i, file] of (message.attachments ?? []).entries()) {
      const part = FILE_PARTS + i;
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      const id = await this.call(async () => {
        const attachment = await this.uploadDoc(target.senderId, file);
        const sentId = await this.api.call('messages.send', {
          peer_id: target.senderId, attachment, random_id: vkRandomId(message.messageId, part),
        }, sentMessageSchema);
        return `${target.senderId}:${sentId}`;
      });
      await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: id, kind: 'file' });
    }
    return true;
  }

  /** A file as a document of the dialog with this person: "doc<owner>_<id>" for messages.send. */
  private async uploadDoc(peerId: string, file: OutboundAttachment): Promise<string> {
    const server = await this.api.call('docs.getMessagesUploadServer', { type: 'doc', peer_id: peerId }, uploadServerSchema);
    const uploaded = await uploadToVk(server.upload_url, await file.read(), file.name, file.contentType);
    const saved = await this.api.call('docs.save', { file: uploaded, title: file.name }, savedDocSchema);
    return `doc${saved.doc.owner_id}_${saved.doc.id}`;
  }

  private async sendMessage(peerId: string, text: string, messageId: string, part: number): Promise<string> {
    const id = await this.api.call('messages.send', {
      peer_id: peerId, message: text, random_id: vkRandomId(messageId, part),
    }, sentMessageSchema);
    return `${peerId}:${id}`;
  }

  /** A private message to the commenter, where they accept messages from the community. */
  private async privateReply(target: ReplyTarget, text: string, message: OutboundMessage): Promise<PrivateReplyResult> {
    try {
      return { sent: true, id: await this.sendMessage(target.senderId, text, message.messageId, 0) };
    } catch (error) {
      if (error instanceof VkApiError && NO_MESSAGES_PERMISSION.has(error.code)) {
        return { sent: false, reason: `VK refused the private message: ${error.description}` };
      }
      throw deliveryErrorFor(error);
    }
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw deliveryErrorFor(error);
    }
  }
}
