import type { ChannelIdentity } from '../db/customers';
import { resolveCustomer } from '../db/customers';
import { recordAcceptedIssue } from '../db/issue-projection';
import type { GatewayDependencies } from './dependencies';

export interface InboundFromChannel {
  /** who wrote, as the channel knows them */
  identity: ChannelIdentity;
  /** the channel's id of this message (Telegram update id, WhatsApp wamid, Message-ID, ...) */
  externalMessageId: string;
  text: string;
  receivedAt?: Date;
}

/**
 * The common path of every channel after its adapter verified and parsed a message: resolve the customer,
 * hand the message to the customer's issue workflow, and register the issue. Resolves once Temporal has the
 * message durably; a re-delivery with the same external id is accepted again and ignored by the workflow.
 */
export async function acceptInboundMessage(
  deps: Pick<GatewayDependencies, 'db' | 'issues' | 'metrics'>, inbound: InboundFromChannel,
): Promise<{ issueId: string; customerId: string }> {
  const channel = inbound.identity.channel;
  const customerId = await resolveCustomer(deps.db, inbound.identity);
  const accepted = await deps.issues.acceptMessage({
    channel, externalMessageId: inbound.externalMessageId, customerId, text: inbound.text,
    receivedAt: (inbound.receivedAt ?? new Date()).toISOString(),
  });
  await recordAcceptedIssue(deps.db, { ...accepted, customerId, channel });
  deps.metrics.inboundMessages.inc({ channel, result: 'accepted' });
  return { issueId: accepted.issueId, customerId };
}
