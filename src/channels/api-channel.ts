import type { Db } from '../db/pool';
import { PermanentDeliveryError, type ChannelSender, type OutboundMessage } from './outbound';
import { signWebhook } from './webhook-signature';
import { csatRequestOf } from './csat-request';

/**
 * The API channel: replies are always listed by GET /api/v1/customers/{externalId}/messages; when
 * API_CHANNEL_WEBHOOK_URL is set they are also POSTed there, signed. The message id doubles as the delivery id,
 * so a receiver can drop the rare repeat after a crash between sending and recording.
 */
export class ApiChannelSender implements ChannelSender {
  constructor(
    private readonly db: Db,
    private readonly webhook?: { url: string; secret: string },
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutboundMessage): Promise<boolean> {
    if (!this.webhook) return false;
    const { rows } = await this.db.query<{ external_id: string }>(
      `SELECT external_id FROM customer_identities WHERE customer_id = $1 AND channel = 'api' ORDER BY created_at LIMIT 1`,
      [message.customerId],
    );
    const externalId = rows[0]?.external_id;
    if (!externalId) throw new PermanentDeliveryError('customer has no API-channel identity');
    const body = JSON.stringify({
      deliveryId: message.messageId,
      type: 'message',
      issueId: message.issueId,
      customer: { externalId },
      message: {
        id: message.messageId, text: message.text,
        // the CSAT question: render a 1–5 rating and POST it back (the text asks for a "1"–"5" reply too)
        ...(message.csat ? { kind: message.csat.kind, csat: csatRequestOf(message.issueId) } : {}),
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-switchboard-delivery': message.messageId,
        'x-switchboard-timestamp': String(timestamp),
        'x-switchboard-signature': signWebhook(this.webhook.secret, timestamp, body),
      },
      body,
      signal: message.signal ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), message.signal]) : AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`API channel webhook answered ${response.status}`);
    return true;
  }
}
