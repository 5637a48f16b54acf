import type { Db } from '../db/pool';
import { PermanentDeliveryError, type ChannelSender, type OutboundMessage } from './outbound';
import type { PushNotifier } from './push/push-notifier';
import { signWebhook } from './webhook-signature';
import { csatRequestOf } from './csat-request';

/**
 * The API channel: replies are always listed by GET /api/v1/customers/{externalId}/messages; when
 * API_CHANNEL_WEBHOOK_URL is set they are also POSTed there, signed. The message id doubles as the delivery id,
 * so a receiver can drop the rare repeat after a crash between sending and recording. With push configured, the
 * customer's registered app devices are notified too (src/channels/push).
 */
export class ApiChannelSender implements ChannelSender {
  constructor(
    private readonly db: Db,
    private readonly webhook?: { url: string; secret: string },
    private readonly timeoutMs = 10_000,
    private readonly push?: PushNotifier,
  ) {}

  async send(message: OutboundMessage): Promise<boolean> {
    if (!this.webhook && !this.push?.enabled) return false;
    const { rows } = await this.db.query<{ external_id: string }>(
      `SELECT external_id FROM customer_identities WHERE customer_id = $1 AND channel = 'api' ORDER BY created_at LIMIT 1`,
      [message.customerId],
    );
    const externalId = rows[0]?.external_id;
    if (!externalId) throw new PermanentDeliveryError('customer has no API-channel identity');
    const hooked = this.webhook ? await this.postWebhook(message, externalId, this.webhook) : false;
    const pushed = this.push ? await this.push.notify(message.customerId, { ...message, externalId }) : 0;
    return hooked || pushed > 0;
  }

  private async postWebhook(message: OutboundMessage, externalId: string, webhook: { url: string; secret: string }): Promise<boolean> {
    const body = JSON.stringify({
      deliveryId: message.messageId,
      type: 'message',
      issueId: message.issueId,
      customer: { externalId },
      message: {
        id: message.messageId, text: message.text,
        // an operator's files: signed links (valid ATTACHMENTS_URL_TTL_SECONDS; the message list gives fresh ones)
        ...(message.attachments?.length
          ? { attachments: message.attachments.map(({ id, name, contentType, size, url }) => ({ id, name, contentType, size, url })) }
          : {}),
        // the CSAT question: render a 1–5 rating and POST it back (the text asks for a "1"–"5" reply too)
        ...(message.csat ? { kind: message.csat.kind, csat: csatRequestOf(message.issueId) } : {}),
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-switchboard-delivery': message.messageId,
        'x-switchboard-timestamp': String(timestamp),
        'x-switchboard-signature': signWebhook(webhook.secret, timestamp, body),
      },
      body,
      signal: message.signal ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), message.signal]) : AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`API channel webhook answered ${response.status}`);
    return true;
  }
}
