import type { ChannelIdentity } from '../db/customers';
import { findCustomerByIdentity, findVerifiedIdentity, recordIdentityEvidence, resolveCustomer, type IdentityEvidence } from '../db/customers';
import { recordAcceptedIssue } from '../db/issue-projection';
import { linkIdentity, type IdentityLink } from '../identity/identity-links';
import { linkCodeMailedNotice } from '../identity/link-notice';
import { mailLinkCode, requestedEmailLink } from '../identity/link-by-message';
import { consumeCodeSentFromChannel, consumeCodeTypedInSession, type ConsumedLinkCode } from '../identity/link-codes';
import type { GatewayDependencies } from './dependencies';
import type { InspectedUpload } from '../attachments/attachments';
import { setInboundIssue } from '../attachments/attachment-rows';
import { attachmentNotice, type AttachmentRef } from '../domain/attachment';

export interface InboundFromChannel {
  /** who wrote, as the channel knows them */
  identity: ChannelIdentity;
  /** the channel's id of this message (Telegram update id, WhatsApp wamid, Message-ID, ...) */
  externalMessageId: string;
  /** may be empty when the message carries files */
  text: string;
  /**
   * files the message carries, checked already (Attachments.inspect: size, type from the content): stored here,
   * keyed by the channel's message id, before the workflow hears of the message, which sees only their names
   */
  files?: InspectedUpload[];
  receivedAt?: Date;
  /** proof, beyond the channel's word, that the identity is genuine (e.g. DMARC pass for an e-mail From) */
  evidence?: IdentityEvidence;
  /** false: recorded only, neither answered by the assistant nor handed to a person (see InboundMessage) */
  autoAnswer?: boolean;
}

export interface AcceptedInbound {
  /** the issue the message went to; null when the message was a link code and started no issue */
  issueId: string | null;
  customerId: string;
  /** set when the message linked this identity to the customer who was shown the code */
  linked?: IdentityLink;
  /** the stored files of the message */
  attachments?: AttachmentRef[];
}

/**
 * "LINK 7KQ4MZ2X" (or "/link 7kq4-mz2x"), the way a customer proves from another channel that it is theirs.
 * Any one word after LINK counts as an attempt, so wrong guesses of any shape use up the attempt limits too.
 */
const LINK_MESSAGE = /^\s*\/?link\s+([A-Za-z0-9-]{4,20})\s*$/i;

type InboundDeps = Pick<GatewayDependencies, 'db' | 'issues' | 'metrics' | 'limits'> & Partial<Pick<GatewayDependencies, 'identityLinks' | 'attachments'>>;

/**
 * The common path of every channel after its adapter verified and parsed a message: resolve the customer,
 * hand the message to the customer's issue workflow, and register the issue. Resolves once Temporal has the
 * message durably; a re-delivery with the same external id is accepted again and ignored by the workflow.
 */
export async function acceptInboundMessage(deps: InboundDeps, inbound: InboundFromChannel): Promise<AcceptedInbound> {
  const channel = inbound.identity.channel;
  const linkCode = LINK_MESSAGE.exec(inbound.text)?.[1];
  if (linkCode) {
    const consumed = await tryLinkCode(deps, inbound.identity, linkCode);
    if (consumed) {
      // a code mailed to an address and typed here links that address; a code shown in a session links this identity
      const linked = await linkIdentity(deps.db, consumed.externalId
        ? { channel: 'email', externalId: consumed.externalId, customerId: consumed.customerId, evidence: 'verified_code_sent_to_identity', linkedBy: `customer:${consumed.customerId}` }
        : { channel, externalId: inbound.identity.externalId, customerId: consumed.customerId, evidence: 'code_sent_from_identity', linkedBy: `customer:${consumed.customerId}` });
      deps.metrics.inboundMessages.inc({ channel, result: 'linked' });
      return { issueId: null, customerId: consumed.customerId, linked };
    }
  }
  const emailToLink = channel !== 'email' && deps.identityLinks ? requestedEmailLink(inbound.text) : undefined;
  if (emailToLink) {
    const customerId = await customerFor(deps, inbound.identity);
    if (await mailLinkCode(deps.db, deps.identityLinks!, customerId, emailToLink)) {
      deps.metrics.inboundMessages.inc({ channel, result: 'link_code_mailed' });
      // said in their conversation when one runs (otherwise the code mail is the answer)
      await deps.issues.sendSystemNotice(customerId, linkCodeMailedNotice(channel, inbound.externalMessageId, emailToLink));
      return { issueId: null, customerId };
    }
  }
  const customerId = await customerFor(deps, inbound.identity);
  if (inbound.evidence) await recordIdentityEvidence(deps.db, inbound.identity, inbound.evidence);
  const files = inbound.files ?? [];
  if (files.length > 0 && !deps.attachments) throw new Error('files came in, but this caller has no attachment storage');
  const attachments = files.length > 0
    ? await deps.attachments!.storeInbound({ customerId, channel, externalMessageId: inbound.externalMessageId }, files)
    : undefined;
  // the workflow and the assistant learn only the files' names: "[customer attached photo.jpg]"
  const text = [inbound.text.trim(), attachments ? attachmentNotice('customer', attachments) : ''].filter(Boolean).join('\n');
  if (!text) throw new Error('an inbound message needs text or files');
  const accepted = await deps.issues.acceptMessage({
    channel, externalMessageId: inbound.externalMessageId, customerId, text,
    receivedAt: (inbound.receivedAt ?? new Date()).toISOString(),
    ...(inbound.autoAnswer === false ? { autoAnswer: false } : {}),
  });
  // (PostgreSQL knows the issue already when the issue service named it from there)
  if (!accepted.registered) await recordAcceptedIssue(deps.db, { ...accepted, customerId, channel });
  if (attachments) await setInboundIssue(deps.db, customerId, channel, inbound.externalMessageId, accepted.issueId);
  deps.metrics.inboundMessages.inc({ channel, result: 'accepted' });
  return { issueId: accepted.issueId, customerId, ...(attachments ? { attachments } : {}) };
}

/**
 * Checks a code sent from a channel, within the attempt limits: a few per identity (then it is blocked for a
 * while) and a budget per channel (so fresh identities, e.g. new widget visitors, cannot keep guessing). Over a
 * limit the code is not looked at and the message is an ordinary one.
 */
async function tryLinkCode(deps: InboundDeps, identity: ChannelIdentity, code: string): Promise<ConsumedLinkCode | undefined> {
  const channel = identity.channel;
  const refusedFor = (await deps.limits.take('LINK_ATTEMPTS_PER_IDENTITY', `${channel}:${identity.externalId}`))
    ?? (await deps.limits.take('LINK_ATTEMPTS_PER_CHANNEL', channel));
  if (refusedFor !== undefined) {
    deps.metrics.inboundMessages.inc({ channel, result: 'link_attempt_refused' });
    return undefined;
  }
  const shown = await consumeCodeSentFromChannel(deps.db, channel, code);
  if (shown || channel === 'email') return shown;
  // or the code this conversation's customer had mailed to an address ("LINK <address>" earlier)
  const customerId = await findCustomerByIdentity(deps.db, channel, identity.externalId);
  return customerId ? consumeCodeTypedInSession(deps.db, customerId, 'email', code) : undefined;
}

/**
 * The customer of a channel identity. The API channel is the company's own backend: when it names a new user's
 * e-mail address and that address is an e-mail identity with evidence (a code went through it, or the company's
 * MX verified its mail by DMARC/DKIM/SPF), the CRM vouches that they are the same person, so the identity is
 * linked (and recorded) instead of creating a stranger. An address known only from From headers is not enough:
 * anyone can write one.
 */
async function customerFor(deps: Pick<GatewayDependencies, 'db'>, identity: ChannelIdentity): Promise<string> {
  if (identity.channel === 'api' && identity.email) {
    const known = await findCustomerByIdentity(deps.db, identity.channel, identity.externalId);
    if (!known) {
      const byEmail = await findVerifiedIdentity(deps.db, 'email', identity.email.toLowerCase());
      if (byEmail) {
        await linkIdentity(deps.db, {
          channel: 'api', externalId: identity.externalId, customerId: byEmail, evidence: 'crm', linkedBy: 'system:api-channel',
        });
      }
    }
  }
  return resolveCustomer(deps.db, identity);
}
