import { z } from 'zod';
import { findCustomerByIdentity, resolveCustomer } from '../db/customers';
import type { Db } from '../db/pool';

const emailSchema = z.email();
const isEmail = (ref: string) => emailSchema.safeParse(ref).success;

/**
 * The customer a CRM reference names: an API-channel external id (exact), else an e-mail identity (addresses
 * are stored lower-cased). An app that uses e-mail addresses as its external ids still finds its API customer.
 */
export async function findCrmCustomer(db: Db, ref: string): Promise<string | undefined> {
  const apiCustomer = await findCustomerByIdentity(db, 'api', ref);
  if (apiCustomer || !isEmail(ref)) return apiCustomer;
  return findCustomerByIdentity(db, 'email', ref.toLowerCase());
}

/** As findCrmCustomer, creating the customer and the identity the reference names on first sight. */
export async function resolveCrmCustomer(db: Db, ref: string): Promise<string> {
  const found = await findCrmCustomer(db, ref);
  if (found) return found;
  if (isEmail(ref)) {
    const address = ref.toLowerCase();
    return resolveCustomer(db, { channel: 'email', externalId: address, email: address });
  }
  return resolveCustomer(db, { channel: 'api', externalId: ref });
}

/**
 * The reference an external CRM knows this customer by: the API-channel external id, else the e-mail address.
 * Oldest identity first, so the answer is stable.
 */
export async function crmRefsOf(db: Db, customerId: string): Promise<string[]> {
  const { rows } = await db.query<{ external_id: string }>(
    `SELECT external_id FROM customer_identities WHERE customer_id = $1 AND channel IN ('api', 'email')
      ORDER BY (channel = 'api') DESC, created_at, external_id`,
    [customerId],
  );
  return rows.map((r) => r.external_id);
}
