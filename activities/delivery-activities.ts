import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { DeliveryClaimLost, PermanentDeliveryError, type ChannelSenders } from '../src/channels/outbound';
import { claimDelivery, markMessageDelivered, releaseDeliveryClaim, renewDeliveryClaim } from '../src/db/delivery-claims';
import { insertMessage } from '../src/db/issue-projection';
import { isDeterministicDbError } from '../src/db/pg-errors';
import type { Db } from '../src/db/pool';
import type { SupportMetrics } from '../src/observability/metrics';
import type { Attachments } from '../src/attachments/attachments';
import { linkToMessage } from '../src/attachments/attachment-rows';
import type { DeliverInput, DeliveryResult, SupportActivities } from './types';

const HEARTBEAT_EVERY_MS = 2_000;
/**
 * How long one attempt holds the message from its claim, and again from each renewal before a part: longer than
 * the activity's start-to-close timeout (30 s) and a part's HTTP timeout (10 s), so a retry started after a
 * timeout waits until the attempt it replaces has stopped or finished the part in flight.
 */
const CLAIM_SECONDS = 45;

/**
 * Delivery keyed by message id. The attempt first claims the message row (stored here if the projection has not
 * written it yet); a message already delivered is never sent again, and one claimed by a live attempt is left to
 * it. The attempt heartbeats while the channel sends and stops when Temporal cancels it (a timeout, the worker
 * shutting down). A channel sending in parts renews the claim before each part and stops once a later attempt
 * took the message (an attempt that never heard of its cancellation, its heartbeats lost): a part goes out
 * from one attempt only, and a part's send (HTTP timeout 10 s) never outlasts the claim. What stays at-least-once: a crash after the channel accepted the message and before it was
 * marked delivered resends it once (channels that take an idempotency key get the message id).
 */
export function deliveryActivities(
  db: Db, senders: ChannelSenders, metrics?: SupportMetrics,
  /** how long a claim holds the message (seconds); tests shorten it to play a lapse out in seconds */
  { claimSeconds = CLAIM_SECONDS, attachments }: {
    claimSeconds?: number;
    /** files operators send: signed links and bytes for the channels (absent: messages go without them) */
    attachments?: { files: Attachments; publicUrl?: string };
  } = {},
): Pick<SupportActivities, 'deliverMessage'> {
  return {
    async deliverMessage(input: DeliverInput): Promise<DeliveryResult> {
      const context = Context.current();
      // an operator's files belong to this message before anyone can see it (the gateway links them too)
      const fileIds = input.message?.attachments?.map((a) => a.id) ?? [];
      if (fileIds.length > 0) await linkToMessage(db, input.issueId, fileIds, input.messageId);
      if (input.message) await storeMessage(db, input);
      const claim = await claimDelivery(db, input.messageId, claimSeconds);
      if (claim.state === 'delivered') return { pushed: true, channel: input.channel };
      if (claim.state === 'held') throw inProgress();
      const { attempt } = claim;
      const sender = senders[input.channel];
      if (!sender) {
        metrics?.deliveries.inc({ channel: input.channel, result: 'channel_off' });
        throw ApplicationFailure.nonRetryable(`channel ${input.channel} is not configured`, 'ChannelNotConfigured');
      }
      const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const refs = input.message?.attachments ?? [];
        const files = refs.length > 0 && attachments ? await attachments.files.outbound(refs, attachments.publicUrl) : undefined;
        const pushed = await Promise.race([
          sender.send({
            messageId: input.messageId, issueId: input.issueId, customerId: input.customerId, text: input.text,
            ...(input.message?.kind ? { csat: { kind: input.message.kind } } : {}),
            ...(files ? { attachments: files } : {}),
            author: input.message?.author, signal: context.cancellationSignal,
            renewClaim: async () => {
              if (!(await renewDeliveryClaim(db, input.messageId, attempt, claimSeconds))) {
                throw new DeliveryClaimLost('a later attempt holds this message now');
              }
            },
          }),
          context.cancelled,
        ]);
        if (pushed) await markMessageDelivered(db, input.messageId);
        else await releaseDeliveryClaim(db, input.messageId, attempt);
        metrics?.deliveries.inc({ channel: input.channel, result: pushed ? 'sent' : 'stored' });
        return { pushed, channel: input.channel };
      } catch (error) {
        // Cancelled mid-send: the channel may have the message already, so the claim stays until it lapses.
        if (error instanceof CancelledFailure) throw error;
        if (context.cancellationSignal.aborted) throw new CancelledFailure('delivery cancelled while sending', [], error instanceof Error ? error : undefined);
        // Replaced by a later attempt (this one outlived its claim): that one goes on; this one stops quietly.
        if (error instanceof DeliveryClaimLost) throw inProgress();
        metrics?.deliveries.inc({ channel: input.channel, result: 'error' });
        // Not sent: the next attempt may try at once instead of waiting for the claim to lapse.
        await releaseDeliveryClaim(db, input.messageId, attempt).catch(() => undefined);
        if (error instanceof PermanentDeliveryError) {
          throw ApplicationFailure.nonRetryable(error.message, 'PermanentDeliveryError');
        }
        throw error;
      } finally {
        clearInterval(beat);
      }
    },
  };
}

function inProgress(): ApplicationFailure {
  return ApplicationFailure.retryable('another attempt is still delivering this message', 'DeliveryInProgress');
}

async function storeMessage(db: Db, input: DeliverInput): Promise<void> {
  try {
    await insertMessage(db, input.issueId, input.customerId, input.message!);
  } catch (error) {
    if (isDeterministicDbError(error)) {
      throw ApplicationFailure.nonRetryable(`PostgreSQL refused the message: ${(error as Error).message}`, 'MessageRefused');
    }
    throw error;
  }
}
