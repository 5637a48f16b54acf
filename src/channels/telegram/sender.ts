import { z } from 'zod';
import { PermanentDeliveryError, beforeNextPart, type ChannelSender, type OutboundMessage } from '../outbound';
import type { TelegramBotApi } from './bot-api';
import { deliveryErrorFor } from './delivery-errors';
import { splitMessage } from '../message-split';
import type { OutboundStore } from '../outbound-parts';
import { ratingKeyboard } from './rating-buttons';

const sentMessageSchema = z.object({ message_id: z.number().int() }).loose();

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
    return true;
  }
}
