import { z } from 'zod';
import type { CrmOrder, CrmProfile, CrmReturn } from './crm-records';

export type { CrmOrder, CrmProfile, CrmReturn } from './crm-records';

/** An earlier issue of the customer, for "as we discussed last week" and for spotting repeat problems. */
export interface PreviousIssue {
  issueId: string;
  status: string;
  channel: string;
  category: string | null;
  priority: string;
  createdAt: string;
  resolvedAt: string | null;
  csatScore: number | null;
  /** the customer's first message in that issue, shortened */
  firstMessage: string | null;
}

/**
 * What the assistant may read about the customer it is talking to. Every method is bound to the given customer
 * id: no argument (another customer's order id included) ever yields another customer's data.
 */
export interface CrmReader {
  profile(customerId: string): Promise<CrmProfile | undefined>;
  /** newest first */
  recentOrders(customerId: string, limit: number): Promise<CrmOrder[]>;
  /** newest first */
  recentReturns(customerId: string, limit: number): Promise<CrmReturn[]>;
  /** the order with this CRM id, only if it is this customer's */
  order(customerId: string, orderId: string): Promise<CrmOrder | undefined>;
  /** newest first, from Switchboard's own issues */
  previousIssues(customerId: string, limit: number): Promise<PreviousIssue[]>;
}

/** Limits are clamped so a caller (or a model-chosen argument) cannot ask for the whole table. */
export const clampLimit = (limit: number, max = 50) => Math.max(1, Math.min(max, Math.floor(Number.isFinite(limit) ? limit : 1)));

const customerIdSchema = z.uuid();
/** A malformed id names nobody: readers answer "nothing" instead of a database error. */
export const isCustomerId = (id: string) => customerIdSchema.safeParse(id).success;
