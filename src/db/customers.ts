import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel';
import type { Db } from './pool';

export interface ChannelIdentity {
  channel: Channel;
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * Maps a channel identity to one customer, creating the customer on first contact. Idempotent: concurrent calls
 * for the same identity return the same customer (the identity's primary key decides). One statement, so one
 * round trip for every inbound message (the embedded PGlite serves all queries one after another): the
 * identity's foreign key is deferred, so the customer row written in the same statement satisfies it.
 */
export async function resolveCustomer(db: Db, identity: ChannelIdentity): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH identity AS (
       INSERT INTO customer_identities (channel, external_id, customer_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel, external_id) DO UPDATE SET last_seen_at = now()
       RETURNING customer_id)
     -- Profile fields only fill gaps; linking identities on evidence is a separate, audited step.
     INSERT INTO customers (id, display_name, email, phone)
       SELECT customer_id, $4, $5, $6 FROM identity
     ON CONFLICT (id) DO UPDATE SET
       display_name = COALESCE(customers.display_name, EXCLUDED.display_name),
       email = COALESCE(customers.email, EXCLUDED.email),
       phone = COALESCE(customers.phone, EXCLUDED.phone),
       updated_at = now()
     RETURNING id`,
    [identity.channel, identity.externalId, randomUUID(), identity.name ?? null, identity.email ?? null, identity.phone ?? null],
  );
  return rows[0].id;
}

export async function findCustomerByIdentity(db: Db, channel: Channel, externalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2',
    [channel, externalId],
  );
  return rows[0]?.customer_id;
}

/**
 * How we know an identity is genuine, beyond the channel's word: a one-time code went through it, or the
 * company's MX verified the sender of its mail (DMARC, DKIM or SPF aligned with the From domain).
 */
export type IdentityEvidence = 'code' | 'dmarc' | 'dkim' | 'spf';

/** Notes the evidence on the identity (keeps the first: a later weaker result does not erase it). */
export async function recordIdentityEvidence(db: Db, identity: Pick<ChannelIdentity, 'channel' | 'externalId'>, evidence: IdentityEvidence): Promise<void> {
  await db.query(
    `UPDATE customer_identities SET verified_by = $3, verified_at = now()
      WHERE channel = $1 AND external_id = $2 AND verified_by IS NULL`,
    [identity.channel, identity.externalId, evidence],
  );
}

/** The customer of an identity that has evidence; undefined for unknown or unverified identities. */
export async function findVerifiedIdentity(db: Db, channel: Channel, externalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2 AND verified_by IS NOT NULL',
    [channel, externalId],
  );
  return rows[0]?.customer_id;
}
