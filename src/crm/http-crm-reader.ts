import { z } from 'zod';
import type { Db } from '../db/pool';
import { clampLimit, isCustomerId, type CrmReader, type PreviousIssue } from './crm-reader';
import { crmOrderItemSchema, type CrmOrder, type CrmProfile, type CrmReturn } from './crm-records';
import { crmRefsOf } from './customer-ref';
import { listPreviousIssues } from './previous-issues';

/** The external CRM did not answer, answered an error, or answered something we do not understand. */
export class CrmUnavailable extends Error {}

export interface HttpCrmSettings {
  /** e.g. https://crm.example.com/api/switchboard */
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

/*
 * The contract an external CRM implements (all JSON, `Authorization: Bearer <token>`, 404 for unknown things):
 *   GET /customers/{ref}                   -> { name?, email?, phone?, plan?, attributes?, updatedAt? }
 *   GET /customers/{ref}/orders?limit=N    -> { orders: [order] }
 *   GET /customers/{ref}/returns?limit=N   -> { returns: [return] }
 *   GET /orders/{orderId}                  -> order
 * where {ref} is the customer's API-channel external id, else their e-mail address, and every order and
 * return names its `customer` (one of those references). Records naming anyone else are dropped.
 */
const optionalText = z.string().nullish().transform((v) => v ?? null);
const isoTime = z.iso.datetime({ offset: true });
const profileSchema = z.object({
  name: optionalText, email: optionalText, phone: optionalText, plan: optionalText,
  attributes: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  updatedAt: isoTime.nullish(),
});
const orderSchema = z.object({
  orderId: z.string().min(1),
  customer: z.string().min(1),
  status: z.string().min(1),
  total: z.number().nullish().transform((v) => v ?? null),
  currency: optionalText,
  items: z.array(crmOrderItemSchema).nullish().transform((v) => v ?? []),
  placedAt: isoTime.nullish().transform((v) => v ?? null),
  updatedAt: isoTime.nullish(),
});
const returnSchema = z.object({
  returnId: z.string().min(1),
  customer: z.string().min(1),
  orderId: optionalText,
  status: z.string().min(1),
  reason: optionalText,
  createdAt: isoTime,
  updatedAt: isoTime.nullish(),
});

/** Reads CRM data from the company's own CRM over HTTP, bound to the customer like the local reader. */
export class HttpCrmReader implements CrmReader {
  constructor(private readonly db: Db, private readonly settings: HttpCrmSettings) {}

  async profile(customerId: string): Promise<CrmProfile | undefined> {
    for (const ref of await this.refs(customerId)) {
      const body = await this.get(`/customers/${encodeURIComponent(ref)}`, profileSchema);
      if (body) {
        return {
          customerId, externalRef: ref, name: body.name, email: body.email, phone: body.phone, plan: body.plan,
          attributes: body.attributes, updatedAt: body.updatedAt ?? new Date().toISOString(),
        };
      }
    }
    return undefined;
  }

  async recentOrders(customerId: string, limit: number): Promise<CrmOrder[]> {
    const refs = await this.refs(customerId);
    if (refs.length === 0) return [];
    const n = clampLimit(limit);
    const body = await this.get(`/customers/${encodeURIComponent(refs[0])}/orders?limit=${n}`, z.object({ orders: z.array(orderSchema) }));
    return (body?.orders ?? []).filter((o) => belongsTo(o.customer, refs)).slice(0, n).map(toOrder);
  }

  async recentReturns(customerId: string, limit: number): Promise<CrmReturn[]> {
    const refs = await this.refs(customerId);
    if (refs.length === 0) return [];
    const n = clampLimit(limit);
    const body = await this.get(`/customers/${encodeURIComponent(refs[0])}/returns?limit=${n}`, z.object({ returns: z.array(returnSchema) }));
    return (body?.returns ?? []).filter((r) => belongsTo(r.customer, refs)).slice(0, n).map((r) => ({
      returnId: r.returnId, orderId: r.orderId, status: r.status, reason: r.reason, createdAt: r.createdAt,
      updatedAt: r.updatedAt ?? r.createdAt,
    }));
  }

  async order(customerId: string, orderId: string): Promise<CrmOrder | undefined> {
    const refs = await this.refs(customerId);
    if (refs.length === 0) return undefined;
    const body = await this.get(`/orders/${encodeURIComponent(orderId)}`, orderSchema);
    // The CRM answers for any order id; only this customer's order may come back.
    return body && body.orderId === orderId && belongsTo(body.customer, refs) ? toOrder(body) : undefined;
  }

  async previousIssues(customerId: string, limit: number): Promise<PreviousIssue[]> {
    if (!isCustomerId(customerId)) return [];
    return listPreviousIssues(this.db, customerId, limit);
  }

  private async refs(customerId: string): Promise<string[]> {
    return isCustomerId(customerId) ? crmRefsOf(this.db, customerId) : [];
  }

  /** undefined on 404; CrmUnavailable on anything else that is not a valid 2xx answer. */
  private async get<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T> | undefined> {
    const url = `${this.settings.baseUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${this.settings.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new CrmUnavailable(`CRM ${url} unreachable: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new CrmUnavailable(`CRM ${url} answered ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new CrmUnavailable(`CRM ${url} answered an unexpected body: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
}

/** E-mail references compare case-insensitively (stored lower-cased); API external ids exactly. */
function belongsTo(customer: string, refs: string[]): boolean {
  return refs.some((ref) => ref === customer || (ref.includes('@') && ref === customer.toLowerCase()));
}

function toOrder(o: z.infer<typeof orderSchema>): CrmOrder {
  return {
    orderId: o.orderId, status: o.status, total: o.total, currency: o.currency, items: o.items, placedAt: o.placedAt,
    updatedAt: o.updatedAt ?? o.placedAt ?? new Date().toISOString(),
  };
}
