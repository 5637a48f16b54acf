import { signWebhook } from '../../src/channels/webhook-signature';
import type { BaselineActivities, BaselineMessage } from './types';

/**
 * The baseline's only activity: POST the reply to the receiver, in the API channel's payload and signature
 * format, so both systems do the same outbound work per message.
 */
export function createBaselineActivities(webhookUrl: string, secret: string): BaselineActivities {
  return {
    async postReply(message: BaselineMessage): Promise<void> {
      const deliveryId = `reply-${message.messageId}`;
      const body = JSON.stringify({
        deliveryId, type: 'message', issueId: message.externalId, customer: { externalId: message.externalId },
        message: { id: deliveryId, text: `Thanks, we received: ${message.text}` },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'x-switchboard-delivery': deliveryId,
          'x-switchboard-timestamp': String(timestamp), 'x-switchboard-signature': signWebhook(secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    },
  };
}
