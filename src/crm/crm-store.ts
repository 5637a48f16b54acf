import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import type { OrderInput, ProfileInput, ReturnInput, UpsertOutcome } from './crm-records';
import { resolveCrmCustomer } from './customer-ref';

/**
 * Writes of CRM data. Each is an idempotent upsert keyed by the CRM's id: the same push twice changes nothing
 * (not even updated_at), and a push older than the stored row (by its updatedAt) is ignored, so retries and
 * out-of-order deliveries are safe.
 */
export interface UpsertResult {
  customerId: string;
  outcome: UpsertOutcome;
}

const outcomeOf = (rows: { created: boolean }[]): UpsertOutcome =>
  rows.length === 0 ? 'unchanged' : rows[0].created ? 'created' : 'updated';

export async function upsertProfile(db: Db, ref: string, input: ProfileInput): Promise<UpsertResult> {
  const customerId = await resolveCrmCustomer(db, ref);
  const { rows } = await db.query<{ created: boolean }>(
    `INSERT INTO crm_profiles (customer_id, external_ref, name, email, phone, plan, attributes, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()))
     ON CONFLICT (customer_id) DO UPDATE SET
       external_ref = EXCLUDED.external_ref, name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone,
       plan = EXCLUDED.plan, attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at
     WHERE (crm_profiles.external_ref, crm_profiles.name, crm_profiles.email, crm_profiles.phone, crm_profiles.plan, crm_profiles.attributes)
           IS DISTINCT FROM (EXCLUDED.external_ref, EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.plan, EXCLUDED.attributes)
       AND crm_profiles.updated_at <= EXCLUDED.updated_at
     RETURNING (xmax = 0) AS created`,
    [customerId, ref, input.name ?? null, input.email?.toLowerCase() ?? null, input.phone ?? null, input.plan ?? null,
      JSON.stringify(input.attributes ?? {}), input.updatedAt ?? null],
  );
  return { customerId, outcome: outcomeOf(rows) };
}

export async function upsertOrder(db: Db, orderId: string, input: OrderInput): Promise<UpsertResult> {
  const customerId = await resolveCrmCustomer(db, input.customer);
  const { rows } = await db.query<{ created: boolean }>(
    `INSERT INTO crm_orders (id, customer_id, external_id, status, total, currency, items, placed_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now()))
     ON CONFLICT (external_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, total = EXCLUDED.total,
       currency = EXCLUDED.currency, items = EXCLUDED.items, placed_at = EXCLUDED.placed_at, updated_at = EXCLUDED.updated_at
     WHERE (crm_orders.customer_id, crm_orders.status, crm_orders.total, crm_orders.currency, crm_orders.items, crm_orders.placed_at)
           IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.status, EXCLUDED.total, EXCLUDED.currency, EXCLUDED.items, EXCLUDED.placed_at)
       AND crm_orders.updated_at <= EXCLUDED.updated_at
     RETURNING (xmax = 0) AS created`,
    [randomUUID(), customerId, orderId, input.status, input.total ?? null, input.currency ?? null,
      JSON.stringify(input.items ?? []), input.placedAt ?? null, input.updatedAt ?? null],
  );
  return { customerId, outcome: outcomeOf(rows) };
}

export async function upsertReturn(db: Db, returnId: string, input: ReturnInput): Promise<UpsertResult> {
  const customerId = await resolveCrmCustomer(db, input.customer);
  const { rows } = await db.query<{ created: boolean }>(
    `INSERT INTO crm_returns (id, customer_id, order_external_id, external_id, status, reason, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::timestamptz, now()), COALESCE($8::timestamptz, $7::timestamptz, now()))
     ON CONFLICT (external_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, order_external_id = EXCLUDED.order_external_id, status = EXCLUDED.status,
       reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
     WHERE (crm_returns.customer_id, crm_returns.order_external_id, crm_returns.status, crm_returns.reason)
           IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.order_external_id, EXCLUDED.status, EXCLUDED.reason)
       AND crm_returns.updated_at <= EXCLUDED.updated_at
     RETURNING (xmax = 0) AS created`,
    [randomUUID(), customerId, input.orderId ?? null, returnId, input.status, input.reason ?? null,
      input.createdAt ?? null, input.updatedAt ?? null],
  );
  return { customerId, outcome: outcomeOf(rows) };
}
