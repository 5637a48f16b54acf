import { z } from 'zod';
import { RateLimited } from '../abuse/limits';
import type { Db } from '../db/pool';
import { linkIdentity, type IdentityLink } from './identity-links';
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, consumeCodeMailedTo } from './link-codes';
import { LinkRefused, type IdentityLinkService } from './link-service';

/**
 * Linking an e-mail address from a conversation that has no session of its own (Instagram Direct, Messenger, VK,
 * Telegram, WhatsApp): the customer writes "LINK anna@example.org" there, a code is mailed to the address, and the
 * customer either replies to that mail (the reply carries the code back from the address it was sent to) or types
 * "LINK <code>" in the conversation. Either way the code went to the address, so the link rests on evidence.
 */
const LINK_ADDRESS_MESSAGE = /^\s*\/?link\s+<?([^\s<>]+@[^\s<>]+?)>?\s*$/i;
const address = z.email().max(254);

/** The address of a "LINK <address>" message, when the whole message is that. */
export function requestedEmailLink(text: string): string | undefined {
  const candidate = LINK_ADDRESS_MESSAGE.exec(text)?.[1]?.toLowerCase();
  return candidate && address.safeParse(candidate).success ? candidate : undefined;
}

/**
 * Mails the code. False when it cannot be (no SMTP, too many codes for the address or the customer): the message
 * is then an ordinary one, so a person sees it; a refusal must not make the platform re-send the webhook forever.
 */
export async function mailLinkCode(db: Db, links: IdentityLinkService, customerId: string, to: string): Promise<boolean> {
  // A re-delivered webhook must not withdraw the code just mailed (the customer may be replying to it already).
  const { rows } = await db.query(
    `SELECT 1 FROM identity_link_codes
      WHERE customer_id = $1 AND channel = 'email' AND external_id = $2 AND direction = 'sent_to_identity'
        AND consumed_at IS NULL AND created_at > now() - interval '2 minutes'`,
    [customerId, to]);
  if (rows.length > 0) return true;
  try {
    await links.start(customerId, { channel: 'email', address: to });
    return true;
  } catch (error) {
    if (error instanceof LinkRefused || error instanceof RateLimited) return false;
    throw error;
  }
}

const CODE_WORD = new RegExp(`(?<![A-Za-z0-9])[${LINK_CODE_ALPHABET}]{4}-?[${LINK_CODE_ALPHABET}]{4}(?![A-Za-z0-9])`, 'g');

/**
 * A mail that carries the code mailed to its own From address (a reply to the code mail keeps it in the subject)
 * links that address to the customer who asked for the code, before the mail goes to their issue. The code was
 * only ever sent to that mailbox, so a forged From without it links nothing.
 */
export async function linkByMailedCode(db: Db, from: string, subject: string | undefined, text: string): Promise<IdentityLink | undefined> {
  const candidates = [...`${subject ?? ''}\n${text}`.matchAll(CODE_WORD)].map((m) => m[0]).slice(0, 5);
  if (candidates.length === 0 || candidates[0].replace('-', '').length !== LINK_CODE_LENGTH) return undefined;
  const consumed = await consumeCodeMailedTo(db, from, candidates);
  if (!consumed) return undefined;
  return linkIdentity(db, {
    channel: 'email', externalId: from, customerId: consumed.customerId, evidence: 'verified_code_sent_to_identity',
    linkedBy: `customer:${consumed.customerId}`,
  });
}
