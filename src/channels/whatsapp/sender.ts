import { PermanentDeliveryError, beforeNextPart, type ChannelSender, type OutboundMessage } from '../outbound';
import { splitMessage } from '../message-split';
import { FILE_PARTS } from '../outbound-parts';
import { deliveryErrorFor, WINDOW_CLOSED_CODE } from './delivery-errors';
import { GraphApiError, type WhatsAppGraphApi } from './graph-api';
import { serviceWindowOpen } from './service-window';
import type { WhatsAppSettings } from './settings';
import type { WhatsAppOutboundStore } from './whatsapp-store';

/** The image types WhatsApp shows as a photo; other files go as documents. */
const WHATSAPP_IMAGES = new Set(['image/jpeg', 'image/png']);

/**
 * Replies to the customer's WhatsApp number. Within 24 hours of the customer's last message the text goes out
 * (in parts above 4,096 characters); after that WhatsApp accepts only a template, so the configured one is sent
 * instead, inviting the customer to write back, and the issue records it. Without a template such a reply
 * fails for good with the reason on the issue. Before each part (or the template) the attempt makes sure it was
 * not cancelled or replaced by a later attempt. An operator's files follow the text, each uploaded to WhatsApp
 * (POST /{phone-number-id}/media) and sent by its media id: a JPEG or PNG as an image, anything else as a
 * document with its name. Uploading (rather than sending a link to our signed URL) works when PUBLIC_URL is not
 * reachable from the internet and cannot fail later when WhatsApp fetches a link that has expired meanwhile.
 * Outside the 24-hour window only the template goes; the files stay on the issue.
 */
export class WhatsAppSender implements ChannelSender {
  constructor(
    private readonly api: WhatsAppGraphApi,
    private readonly store: WhatsAppOutboundStore,
    private readonly template: WhatsAppSettings['template'],
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: OutboundMessage): Promise<boolean> {
    const to = await this.store.recipientOf(message.customerId);
    if (!to) throw new PermanentDeliveryError('customer has no WhatsApp number to reply to');
    const sent = await this.store.sentParts(message.messageId);
    if ([...sent.values()].includes('template')) return true;
    const lastInboundAt = await this.store.lastInboundAt(message.customerId);
    if (sent.size === 0 && !serviceWindowOpen(lastInboundAt, this.now())) {
      // The CSAT question is not worth a paid template that only says "write back": outside the window it is
      // skipped (kept in the history, not pushed); inside it goes out as text asking for a "1"–"5" reply.
      if (message.csat) return false;
      return this.sendTemplate(message, to, lastInboundAt);
    }
    const parts = splitMessage(message.text);
    if (parts.length === 0) throw new PermanentDeliveryError('the message is empty');
    for (const [part, body] of parts.entries()) {
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      let wamid: string;
      try {
        wamid = await this.api.sendMessage(to, { type: 'text', text: { body } });
      } catch (error) {
        // Meta's clock decides: if it says the window closed, the template is the only way to reach them.
        if (error instanceof GraphApiError && error.code === WINDOW_CLOSED_CODE && sent.size === 0 && part === 0) {
          return message.csat ? false : this.sendTemplate(message, to, lastInboundAt);
        }
        throw deliveryErrorFor(error);
      }
      await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: wamid, kind: 'text' });
    }
    for (const [i, file] of (message.attachments ?? []).entries()) {
      const part = FILE_PARTS + i;
      if (sent.has(part)) continue;
      await beforeNextPart(message);
      let wamid: string;
      try {
        const id = await this.api.uploadMedia(await file.read(), file.contentType, file.name);
        wamid = await this.api.sendMessage(to, WHATSAPP_IMAGES.has(file.contentType)
          ? { type: 'image', image: { id } }
          : { type: 'document', document: { id, filename: file.name } });
      } catch (error) {
        throw error instanceof PermanentDeliveryError ? error : deliveryErrorFor(error);
      }
      await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part, providerMessageId: wamid, kind: 'file' });
    }
    return true;
  }

  private async sendTemplate(message: OutboundMessage, to: string, lastInboundAt: Date | undefined): Promise<boolean> {
    if (!this.template) {
      throw new PermanentDeliveryError(
        'the customer last wrote on WhatsApp more than 24 hours ago, so WhatsApp allows only a template message, '
        + 'and WHATSAPP_TEMPLATE_NAME is not set',
      );
    }
    await beforeNextPart(message);
    let wamid: string;
    try {
      wamid = await this.api.sendMessage(to, {
        type: 'template', template: { name: this.template.name, language: { code: this.template.language } },
      });
    } catch (error) {
      throw deliveryErrorFor(error);
    }
    await this.store.recordPart({ messageId: message.messageId, issueId: message.issueId, part: 0, providerMessageId: wamid, kind: 'template' });
    await this.store.recordTemplateUsed({ issueId: message.issueId, messageId: message.messageId, template: this.template.name, lastInboundAt });
    return true;
  }
}
