import type { AbuseLimits } from '../abuse/limits';
import type { Channel } from '../domain/channel';
import type { Db } from '../db/pool';
import type { CodeMailer } from './code-mailer';
import { linkIdentity, type IdentityLink } from './identity-links';
import { consumeCodeTypedInSession, issueLinkCode } from './link-codes';

export class LinkRefused extends Error {
  override name = 'LinkRefused';
}

export type LinkStart =
  | { channel: 'email'; address: string }
  | { channel: Exclude<Channel, 'email'> };

/**
 * Starting and finishing a link from the customer's current session (widget, app). E-mail: the code goes to the
 * address and the customer types it here. Messengers: the code is shown here and the customer sends
 * "LINK <code>" from the messenger (see acceptInboundMessage).
 */
export class IdentityLinkService {
  constructor(
    private readonly db: Db,
    /** channels that are switched on: a code for a channel nobody can write from would be a dead end */
    private readonly activeChannels: ReadonlySet<Channel>,
    private readonly limits: AbuseLimits,
    private readonly mailer?: CodeMailer,
  ) {}

  async start(customerId: string, request: LinkStart): Promise<{ expiresAt: Date; codeToSend?: string; sentTo?: string }> {
    if (request.channel === 'email') {
      if (!this.mailer) throw new LinkRefused('e-mail is not configured, so an address cannot be verified');
      const address = request.address.trim().toLowerCase();
      // No mail-bombing through us: few codes per address and per customer asking.
      await this.limits.consume('LINK_EMAILS_PER_ADDRESS', address, 'too many codes sent to this address');
      await this.limits.consume('LINK_EMAILS_PER_CUSTOMER', customerId, 'too many codes asked for');
      const issued = await issueLinkCode(this.db, { customerId, channel: 'email', externalId: address, direction: 'sent_to_identity' });
      await this.mailer.send(address, issued.code);
      return { expiresAt: issued.expiresAt, sentTo: address };
    }
    if (!this.activeChannels.has(request.channel)) throw new LinkRefused(`${request.channel} is not configured here`);
    const issued = await issueLinkCode(this.db, { customerId, channel: request.channel, direction: 'shown_in_session' });
    return { expiresAt: issued.expiresAt, codeToSend: `LINK ${issued.code}` };
  }

  async verifyEmail(customerId: string, code: string): Promise<IdentityLink> {
    // Each code dies after a few wrong tries; this stops a session from asking for code after code to guess on.
    await this.limits.consume('LINK_ATTEMPTS_PER_IDENTITY', `customer:${customerId}`, 'too many link attempts');
    const consumed = await consumeCodeTypedInSession(this.db, customerId, 'email', code.trim());
    if (!consumed?.externalId) throw new LinkRefused('the code is wrong or has expired');
    return linkIdentity(this.db, {
      channel: 'email', externalId: consumed.externalId, customerId, evidence: 'verified_code_sent_to_identity',
      linkedBy: `customer:${customerId}`,
    });
  }
}
