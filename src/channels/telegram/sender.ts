import { z } from 'zod';
import { PermanentDeliveryError, beforeNextPart, type ChannelSender, type OutboundMessage } from '../outbound';
import type { TelegramBotApi } from './bot-api';
import { deliveryErrorFor } from './delivery-errors';
import { splitMessage } from '../message-split';
import type { OutboundStore } from '../outbound-parts';
import { ratingKeyboard } from './rating-buttons';

const sentMessageSchema = z.object({ message_id: z.number().int() }).loose();
/** What Telegram shows as a photo (sendPhoto recompresses it); other files go as documents, untouched. */
const TELEGRAM_PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Replies by sendMessage to the customer's private chat (its id is the Telegram user id the customer is known
 * by). A reply over 4,096 characters goes out in parts, each recorded so a retry continues where it stopped;
 * before each part the attempt makes sure it was not cancelled or replaced by a later attempt.
 */
export class TelegramSender implements ChannelSender {
  constructor(private readonly api: TelegramBotApi, private readonly store: OutboundStore) {}

  async send(message: OutboundMessage): Promise<boolean> {
    const chatId = await this.store.recipientOf(message.customerId);
    if (!chatId) throw new PermanentDeliveryError('customer has no Telegram identity to reply to');
    const parts = splitMessage(message.text);
    if (parts.length === 0) throw new PermanentDeliveryError('the message is empty');
    const sent = await this.store.sentParts(message.messageId);
    for (const [part, text] of parts.entries()) {
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      let result: z.infer<typeof sentMessageSchema>;
      try {
        // the CSAT question's last part carries the rating buttons (the text still asks for a "1"–"5" reply)
        const buttons = message.csat && part === parts.length - 1 ? { reply_markup: ratingKeyboard(message.issueId) } : {};
        result = await this.api.call('sendMessage', { chat_id: Number(chatId), text, ...buttons }, sentMessageSchema);
      } catch (error) {
        throw deliveryErrorFor(error);
      }
      await this.store.recordPart({
        messageId: message.messageId, issueId: message.issueId, part,
        providerMessageId: `${chatId}:${result.message_id}`, kind: 'text',
      });
    }
    // an operator's files follow the text, one message each (a photo shows inline, anything else as a document)
    for (const [i, file] of (message.attachments ?? []).entries()) {
      const part = parts.length + i;
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      const photo = TELEGRAM_PHOTO_TYPES.has(file.contentType);
      const form = new FormData();
      form.set('chat_id', chatId);
      form.set(photo ? 'photo' : 'document', new Blob([await file.read()], { type: file.contentType }), file.name);
      let result: z.infer<typeof sentMessageSchema>;
      try {
        result = await this.api.call(photo ? 'sendPhoto' : 'sendDocument', form, sentMessageSchema);
      } catch (error) {
        throw deliveryErrorFor(error);
      }
      await this.store.recordPart({
        messageId: message.messageId, issueId: message.issueId, part,
        providerMessageId: `${chatId}:${result.message_id}`, kind: 'text',
      });
    }
    return true;
  }
}
