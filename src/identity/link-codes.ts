import { randomInt, randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel';
import { hashSecret } from '../db/credentials';
import type { Db } from '../db/pool';

/** A code is short enough to type, valid briefly, and dies after a few wrong tries. */
export const LINK_CODE_TTL_MS = 15 * 60_000;
export const LINK_CODE_MAX_ATTEMPTS = 5;

/**
 * Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V): 29^8 ≈ 5·10^11 codes, so with
 * attempts limited per identity and per channel (src/abuse/limits.ts) guessing an open code is hopeless.
 */
export const LINK_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const LINK_CODE_LENGTH = 8;

export type LinkDirection = 'sent_to_identity' | 'shown_in_session';

export interface IssuedLinkCode {
  id: string;
  code: string;
  expiresAt: Date;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i += 1) code += LINK_CODE_ALPHABET[randomInt(0, LINK_CODE_ALPHABET.length)];
  return code;
}

/** What a customer typed, in canonical form: case, spaces and dashes do not matter ("7kq4-mz2x"). */
export function normalizeLinkCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

const UNIQUE_VIOLATION = '23505';

/**
 * Issues a one-time code for linking `channel` (and, for codes sent to it, the exact address) to the customer
 * of the current session. Earlier open codes of the same customer and channel are withdrawn.
 */
export async function issueLinkCode(
  db: Db, input: { customerId: string; channel: Channel; externalId?: string; direction: LinkDirection },
): Promise<IssuedLinkCode> {
  await db.query(
    `UPDATE identity_link_codes SET consumed_at = now()
      WHERE (customer_id = $1 AND channel = $2 AND consumed_at IS NULL)
         OR (channel = $2 AND consumed_at IS NULL AND expires_at <= now())`,
    [input.customerId, input.channel],
  );
  // Open codes are unique per channel (a partial unique index): on the rare collision, draw again.
  for (let attempt = 1; ; attempt += 1) {
    const code = newCode();
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + LINK_CODE_TTL_MS);
    try {
      await db.query(
        `INSERT INTO identity_link_codes (id, customer_id, channel, external_id, direction, code_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, input.customerId, input.channel, input.externalId ?? null, input.direction, hashSecret(code), expiresAt],
      );
      return { id, code, expiresAt };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw error;
    }
  }
}

export interface ConsumedLinkCode {
  customerId: string;
  channel: Channel;
  externalId: string | null;
}

/**
 * The customer typed a code that was sent to the other identity: checks it against their latest open code for
 * that channel. Wrong codes count towards the attempt limit.
 */
export async function consumeCodeTypedInSession(
  db: Db, customerId: string, channel: Channel, code: string,
): Promise<ConsumedLinkCode | undefined> {
  const { rows } = await db.query<{ id: string; code_hash: string; external_id: string | null }>(
    `SELECT id, code_hash, external_id FROM identity_link_codes
      WHERE customer_id = $1 AND channel = $2 AND direction = 'sent_to_identity' AND consumed_at IS NULL
        AND expires_at > now() AND attempts < $3
      ORDER BY created_at DESC LIMIT 1`,
    [customerId, channel, LINK_CODE_MAX_ATTEMPTS],
  );
  const open = rows[0];
  if (!open) return undefined;
  if (open.code_hash !== hashSecret(normalizeLinkCode(code))) {
    await db.query('UPDATE identity_link_codes SET attempts = attempts + 1 WHERE id = $1', [open.id]);
    return undefined;
  }
  const consumed = await db.query('UPDATE identity_link_codes SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL', [open.id]);
  return consumed.rowCount === 1 ? { customerId, channel, externalId: open.external_id } : undefined;
}

/** A message from another channel carried a code shown in a session: whose session was it? */
export async function consumeCodeSentFromChannel(db: Db, channel: Channel, code: string): Promise<ConsumedLinkCode | undefined> {
  const { rows } = await db.query<{ id: string; customer_id: string }>(
    `UPDATE identity_link_codes SET consumed_at = now()
      WHERE id = (
        SELECT id FROM identity_link_codes
         WHERE channel = $1 AND code_hash = $2 AND direction = 'shown_in_session' AND consumed_at IS NULL
           AND expires_at > now()
         ORDER BY created_at DESC LIMIT 1)
      RETURNING id, customer_id`,
    [channel, hashSecret(normalizeLinkCode(code))],
  );
  const row = rows[0];
  return row ? { customerId: row.customer_id, channel, externalId: null } : undefined;
}

/**
 * A mail from `address` carried one of `candidates` (words shaped like a code, e.g. from the subject of a reply to
 * the code mail): is it the open code that was mailed to that very address? Only the address's own open code is
 * looked at, so a code that leaked to anyone else links nothing; a wrong candidate counts as an attempt.
 */
export async function consumeCodeMailedTo(db: Db, address: string, candidates: string[]): Promise<ConsumedLinkCode | undefined> {
  if (candidates.length === 0) return undefined;
  const { rows } = await db.query<{ id: string; customer_id: string; code_hash: string }>(
    `SELECT id, customer_id, code_hash FROM identity_link_codes
      WHERE channel = 'email' AND external_id = $1 AND direction = 'sent_to_identity' AND consumed_at IS NULL
        AND expires_at > now() AND attempts < $2
      ORDER BY created_at DESC LIMIT 1`,
    [address, LINK_CODE_MAX_ATTEMPTS],
  );
  const open = rows[0];
  if (!open) return undefined;
  if (!candidates.some((c) => hashSecret(normalizeLinkCode(c)) === open.code_hash)) {
    await db.query('UPDATE identity_link_codes SET attempts = attempts + 1 WHERE id = $1', [open.id]);
    return undefined;
  }
  const consumed = await db.query('UPDATE identity_link_codes SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL', [open.id]);
  return consumed.rowCount === 1 ? { customerId: open.customer_id, channel: 'email', externalId: address } : undefined;
}
