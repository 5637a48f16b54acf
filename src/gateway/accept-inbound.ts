import type { ChannelIdentity } from '../db/customers';
import { findCustomerByIdentity, resolveCustomer } from '../db/customers';
import { recordAcceptedIssue } from '../db/issue-projection';
import { linkIdentity, type IdentityLink } from '../identity/identity-links';
import { consumeCodeSentFromChannel } from '../identity/link-codes';
import type { GatewayDependencies } from './dependencies';

export interface InboundFromChannel {
  /** who wrote, as the channel knows them */
  identity: ChannelIdentity;
  /** the channel's id of this message (Telegram update id, WhatsApp wamid, Message-ID, ...) */
  externalMessageId: string;
  text: string;
  receivedAt?: Date;
}

export interface AcceptedInbound {
  /** the issue the message went to; null when the message was a link code and started no issue */
  issueId: string | null;
  customerId: string;
  /** set when the message linked this identity to the customer who was shown the code */
  linked?: IdentityLink;
}

/** "LINK 123456" (or "/link 123456"), the way a customer proves from another channel that it is theirs. */
const LINK_MESSAGE = /^\s*\/?link\s+(\d{6})\s*$/i;

/**
 * The common path of every channel after its adapter verified and parsed a message: resolve the customer,
 * hand the message to the customer's issue workflow, and register the issue. Resolves once Temporal has the
 * message durably; a re-delivery with the same external id is accepted again and ignored by the workflow.
 */
export async function acceptInboundMessage(
  deps: Pick<GatewayDependencies, 'db' | 'issues' | 'metrics'>, inbound: InboundFromChannel,
): Promise<AcceptedInbound> {
  const channel = inbound.identity.channel;
  const linkCode = LINK_MESSAGE.exec(inbound.text)?.[1];
  if (linkCode) {
    const consumed = await consumeCodeSentFromChannel(deps.db, channel, linkCode);
    if (consumed) {
      const linked = await linkIdentity(deps.db, {
        channel, externalId: inbound.identity.externalId, customerId: consumed.customerId,
        evidence: 'code_sent_from_identity', linkedBy: `customer:${consumed.customerId}`,
      });
      deps.metrics.inboundMessages.inc({ channel, result: 'linked' });
      return { issueId: null, customerId: consumed.customerId, linked };
    }
  }
  const customerId = await customerFor(deps, inbound.identity);
  const accepted = await deps.issues.acceptMessage({
    channel, externalMessageId: inbound.externalMessageId, customerId, text: inbound.text,
    receivedAt: (inbound.receivedAt ?? new Date()).toISOString(),
  });
  await recordAcceptedIssue(deps.db, { ...accepted, customerId, channel });
  deps.metrics.inboundMessages.inc({ channel, result: 'accepted' });
  return { issueId: accepted.issueId, customerId };
}

/**
 * The customer of a channel identity. The API channel is the company's own backend: when it names a new user's
 * e-mail address and that address is a verified e-mail identity already, the CRM vouches that they are the same
 * person, so the identity is linked (and recorded) instead of creating a stranger.
 */
async function customerFor(deps: Pick<GatewayDependencies, 'db'>, identity: ChannelIdentity): Promise<string> {
  if (identity.channel === 'api' && identity.email) {
    const known = await findCustomerByIdentity(deps.db, identity.channel, identity.externalId);
    if (!known) {
      const byEmail = await findCustomerByIdentity(deps.db, 'email', identity.email.toLowerCase());
      if (byEmail) {
        await linkIdentity(deps.db, {
          channel: 'api', externalId: identity.externalId, customerId: byEmail, evidence: 'crm', linkedBy: 'system:api-channel',
        });
      }
    }
  }
  return resolveCustomer(deps.db, identity);
}
