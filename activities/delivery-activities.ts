import { ApplicationFailure } from '@temporalio/activity';
import { PermanentDeliveryError, type ChannelSenders } from '../src/channels/outbound';
import { markMessageDelivered, messageDeliveredAt } from '../src/db/issue-queries';
import type { Db } from '../src/db/pool';
import type { SupportMetrics } from '../src/observability/metrics';
import type { DeliverInput, DeliveryResult, SupportActivities } from './types';

/**
 * Delivery keyed by message id: the projection stored the message before this runs; a message already marked
 * delivered is never sent again, so an activity retry after a crash does not double-send.
 */
export function deliveryActivities(
  db: Db, senders: ChannelSenders, metrics?: SupportMetrics,
): Pick<SupportActivities, 'deliverMessage'> {
  return {
    async deliverMessage(input: DeliverInput): Promise<DeliveryResult> {
      const deliveredAt = await messageDeliveredAt(db, input.messageId);
      if (deliveredAt) return { pushed: true, channel: input.channel };
      const sender = senders[input.channel];
      if (!sender) {
        metrics?.deliveries.inc({ channel: input.channel, result: 'channel_off' });
        throw ApplicationFailure.nonRetryable(`channel ${input.channel} is not configured`, 'ChannelNotConfigured');
      }
      try {
        const pushed = await sender.send({
          messageId: input.messageId, issueId: input.issueId, customerId: input.customerId, text: input.text,
        });
        if (pushed) await markMessageDelivered(db, input.messageId);
        metrics?.deliveries.inc({ channel: input.channel, result: pushed ? 'sent' : 'stored' });
        return { pushed, channel: input.channel };
      } catch (error) {
        metrics?.deliveries.inc({ channel: input.channel, result: 'error' });
        if (error instanceof PermanentDeliveryError) {
          throw ApplicationFailure.nonRetryable(error.message, 'PermanentDeliveryError');
        }
        throw error;
      }
    },
  };
}
