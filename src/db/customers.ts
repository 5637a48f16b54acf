import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel';
import { inTransaction, type Db } from './pool';

export interface ChannelIdentity {
  channel: Channel;
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * Maps a channel identity to one customer, creating the customer on first contact. Idempotent: concurrent calls
 * for the same identity return the same customer (the identity's primary key decides).
 */
export async function resolveCustomer(db: Db, identity: ChannelIdentity): Promise<string> {
  return inTransaction(db, async (client) => {
    const candidate = randomUUID();
    const { rows } = await client.query<{ customer_id: string }>(
      `INSERT INTO customer_identities (channel, external_id, customer_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel, external_id) DO UPDATE SET last_seen_at = now()
       RETURNING customer_id`,
      [identity.channel, identity.externalId, candidate],
    );
    const customerId = rows[0].customer_id;
    // Profile fields only fill gaps; linking identities on evidence is a separate, audited step.
    await client.query(
      `INSERT INTO customers (id, display_name, email, phone) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET
         display_name = COALESCE(customers.display_name, EXCLUDED.display_name),
         email = COALESCE(customers.email, EXCLUDED.email),
         phone = COALESCE(customers.phone, EXCLUDED.phone),
         updated_at = now()`,
      [customerId, identity.name ?? null, identity.email ?? null, identity.phone ?? null],
    );
    return customerId;
  });
}

export async function findCustomerByIdentity(db: Db, channel: Channel, externalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2',
    [channel, externalId],
  );
  return rows[0]?.customer_id;
}
