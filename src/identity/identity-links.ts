import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel';
import { inTransaction, type Db } from '../db/pool';

export type LinkEvidence = 'verified_code_sent_to_identity' | 'code_sent_from_identity' | 'crm';

export interface IdentityLink {
  id: string;
  channel: Channel;
  externalId: string;
  customerId: string;
  previousCustomerId: string | null;
  evidence: LinkEvidence;
  linkedBy: string;
  createdAt: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
}

interface LinkRow {
  id: string; channel: Channel; external_id: string; customer_id: string; previous_customer_id: string | null;
  evidence: LinkEvidence; linked_by: string; created_at: Date; undone_at: Date | null; undone_by: string | null;
}
const toLink = (r: LinkRow): IdentityLink => ({
  id: r.id, channel: r.channel, externalId: r.external_id, customerId: r.customer_id,
  previousCustomerId: r.previous_customer_id, evidence: r.evidence, linkedBy: r.linked_by, createdAt: r.created_at,
  undoneAt: r.undone_at, undoneBy: r.undone_by,
});

/**
 * Points a channel identity at a customer, on evidence, and records who did it and what it replaced. Messages
 * are never moved or rewritten: they keep the customer they were written as, so undoing loses nothing.
 */
export async function linkIdentity(
  db: Db,
  input: { channel: Channel; externalId: string; customerId: string; evidence: LinkEvidence; linkedBy: string },
): Promise<IdentityLink> {
  return inTransaction(db, async (client) => {
    const existing = await client.query<{ customer_id: string }>(
      'SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2 FOR UPDATE',
      [input.channel, input.externalId],
    );
    const previous = existing.rows[0]?.customer_id ?? null;
    if (previous === null) {
      await client.query('INSERT INTO customer_identities (channel, external_id, customer_id) VALUES ($1, $2, $3)',
        [input.channel, input.externalId, input.customerId]);
    } else if (previous !== input.customerId) {
      await client.query('UPDATE customer_identities SET customer_id = $3 WHERE channel = $1 AND external_id = $2',
        [input.channel, input.externalId, input.customerId]);
    }
    if (input.evidence !== 'crm') {
      // a code went through this identity: that is evidence it is genuine (customer_identities.verified_by)
      await client.query(
        `UPDATE customer_identities SET verified_by = COALESCE(verified_by, 'code'), verified_at = COALESCE(verified_at, now())
          WHERE channel = $1 AND external_id = $2`, [input.channel, input.externalId]);
    }
    if (input.channel === 'email') {
      await client.query('UPDATE customers SET email = COALESCE(email, $2), updated_at = now() WHERE id = $1',
        [input.customerId, input.externalId]);
    }
    const { rows } = await client.query<LinkRow>(
      `INSERT INTO identity_links (id, channel, external_id, customer_id, previous_customer_id, evidence, linked_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [randomUUID(), input.channel, input.externalId, input.customerId, previous === input.customerId ? null : previous,
        input.evidence, input.linkedBy],
    );
    return toLink(rows[0]);
  });
}

/**
 * Undoes a link: the identity goes back to the customer it belonged to before (or, if it was new, to a fresh
 * customer of its own), so its future messages start their own issues again.
 */
export async function undoIdentityLink(db: Db, linkId: string, undoneBy: string): Promise<IdentityLink | undefined> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<LinkRow>(
      'SELECT * FROM identity_links WHERE id = $1 AND undone_at IS NULL FOR UPDATE', [linkId]);
    const link = rows[0];
    if (!link) return undefined;
    let owner = link.previous_customer_id;
    if (!owner) {
      owner = randomUUID();
      await client.query('INSERT INTO customers (id) VALUES ($1)', [owner]);
    }
    await client.query(
      'UPDATE customer_identities SET customer_id = $3 WHERE channel = $1 AND external_id = $2 AND customer_id = $4',
      [link.channel, link.external_id, owner, link.customer_id],
    );
    const undone = await client.query<LinkRow>(
      'UPDATE identity_links SET undone_at = now(), undone_by = $2 WHERE id = $1 RETURNING *', [linkId, undoneBy]);
    return toLink(undone.rows[0]);
  });
}

export async function listCustomerIdentities(db: Db, customerId: string) {
  const identities = await db.query<{
    channel: Channel; external_id: string; created_at: Date; last_seen_at: Date; verified_by: string | null; verified_at: Date | null;
  }>(
    `SELECT channel, external_id, created_at, last_seen_at, verified_by, verified_at
       FROM customer_identities WHERE customer_id = $1 ORDER BY created_at`,
    [customerId]);
  const links = await db.query<LinkRow>(
    'SELECT * FROM identity_links WHERE customer_id = $1 OR previous_customer_id = $1 ORDER BY created_at', [customerId]);
  return {
    identities: identities.rows.map((r) => ({
      channel: r.channel, externalId: r.external_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at,
      // the evidence that the identity is genuine (null: only the channel's word, e.g. an e-mail From header)
      verifiedBy: r.verified_by, verifiedAt: r.verified_at,
    })),
    links: links.rows.map(toLink),
  };
}
