import type { Db } from '../db/pool';
import { clampLimit, isCustomerId, type CrmReader, type PreviousIssue } from './crm-reader';
import type { CrmOrder, CrmOrderItem, CrmProfile, CrmReturn } from './crm-records';
import { listPreviousIssues } from './previous-issues';

interface OrderRow {
  external_id: string; status: string; total: string | null; currency: string | null; items: CrmOrderItem[];
  placed_at: Date | null; updated_at: Date;
}
interface ReturnRow {
  external_id: string; order_external_id: string | null; status: string; reason: string | null; created_at: Date; updated_at: Date;
}
const ORDER_COLUMNS = 'external_id, status, total, currency, items, placed_at, updated_at';
const RETURN_COLUMNS = 'external_id, order_external_id, status, reason, created_at, updated_at';

const toOrder = (r: OrderRow): CrmOrder => ({
  orderId: r.external_id, status: r.status, total: r.total === null ? null : Number(r.total), currency: r.currency,
  items: r.items, placedAt: r.placed_at?.toISOString() ?? null, updatedAt: r.updated_at.toISOString(),
});
const toReturn = (r: ReturnRow): CrmReturn => ({
  returnId: r.external_id, orderId: r.order_external_id, status: r.status, reason: r.reason,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** CRM data pushed to or imported into Switchboard's own tables. Every query filters by customer_id. */
export class LocalCrmReader implements CrmReader {
  constructor(private readonly db: Db) {}

  async profile(customerId: string): Promise<CrmProfile | undefined> {
    if (!isCustomerId(customerId)) return undefined;
    const { rows } = await this.db.query<{
      customer_id: string; external_ref: string; name: string | null; email: string | null; phone: string | null;
      plan: string | null; attributes: Record<string, unknown>; updated_at: Date;
    }>('SELECT * FROM crm_profiles WHERE customer_id = $1', [customerId]);
    const r = rows[0];
    return r && {
      customerId: r.customer_id, externalRef: r.external_ref, name: r.name, email: r.email, phone: r.phone, plan: r.plan,
      attributes: r.attributes, updatedAt: r.updated_at.toISOString(),
    };
  }

  async recentOrders(customerId: string, limit: number): Promise<CrmOrder[]> {
    if (!isCustomerId(customerId)) return [];
    const { rows } = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM crm_orders WHERE customer_id = $1
        ORDER BY placed_at DESC NULLS LAST, updated_at DESC, external_id LIMIT $2`,
      [customerId, clampLimit(limit)],
    );
    return rows.map(toOrder);
  }

  async recentReturns(customerId: string, limit: number): Promise<CrmReturn[]> {
    if (!isCustomerId(customerId)) return [];
    const { rows } = await this.db.query<ReturnRow>(
      `SELECT ${RETURN_COLUMNS} FROM crm_returns WHERE customer_id = $1
        ORDER BY created_at DESC, external_id LIMIT $2`,
      [customerId, clampLimit(limit)],
    );
    return rows.map(toReturn);
  }

  async order(customerId: string, orderId: string): Promise<CrmOrder | undefined> {
    if (!isCustomerId(customerId)) return undefined;
    const { rows } = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM crm_orders WHERE customer_id = $1 AND external_id = $2`,
      [customerId, orderId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** the return with this CRM id, only if it is this customer's */
  async returnById(customerId: string, returnId: string): Promise<CrmReturn | undefined> {
    if (!isCustomerId(customerId)) return undefined;
    const { rows } = await this.db.query<ReturnRow>(
      `SELECT ${RETURN_COLUMNS} FROM crm_returns WHERE customer_id = $1 AND external_id = $2`,
      [customerId, returnId],
    );
    return rows[0] && toReturn(rows[0]);
  }

  async previousIssues(customerId: string, limit: number): Promise<PreviousIssue[]> {
    if (!isCustomerId(customerId)) return [];
    return listPreviousIssues(this.db, customerId, limit);
  }
}
