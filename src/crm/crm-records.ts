import { z } from 'zod';
import { normaliseJson, safeId, safeText } from '../domain/safe-text';

/**
 * CRM data as the rest of Switchboard sees it: plain JSON (ISO times, numbers), so it can travel through
 * activities and into the assistant's context unchanged. The same schemas validate an external CRM's answers.
 */
export const crmOrderItemSchema = z.object({
  sku: safeText({ max: 200 }).optional(),
  name: safeText({ max: 500 }),
  quantity: z.number().int().min(1).max(1_000_000).default(1),
  unitPrice: z.number().min(0).optional(),
}).strict();
export type CrmOrderItem = z.infer<typeof crmOrderItemSchema>;

const isoTime = z.iso.datetime({ offset: true });
const text = (max: number) => safeText({ max });

export const crmProfileSchema = z.object({
  customerId: z.string(),
  externalRef: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  plan: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  updatedAt: isoTime,
});
export type CrmProfile = z.infer<typeof crmProfileSchema>;

export const crmOrderSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  total: z.number().nullable(),
  currency: z.string().nullable(),
  items: z.array(crmOrderItemSchema),
  placedAt: isoTime.nullable(),
  updatedAt: isoTime,
});
export type CrmOrder = z.infer<typeof crmOrderSchema>;

export const crmReturnSchema = z.object({
  returnId: z.string(),
  orderId: z.string().nullable(),
  status: z.string(),
  reason: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type CrmReturn = z.infer<typeof crmReturnSchema>;

/** What a CRM sends: a profile (PUT /crm/customers/{ref}); all fields replace the stored ones. */
export const profileInputSchema = z.object({
  name: text(200).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,32}$/, 'phone must be digits, optionally with +').optional(),
  plan: text(100).optional(),
  // stored as jsonb: every string in it cleaned
  attributes: z.record(z.string(), z.unknown()).transform((a) => normaliseJson(a) as Record<string, unknown>).optional(),
  /** when the CRM changed it; an older push than the stored one is ignored */
  updatedAt: isoTime.optional(),
}).strict();
export type ProfileInput = z.infer<typeof profileInputSchema>;

/** "12.50" from a CSV cell or 12.5 from JSON. */
const money = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'total must be a number').transform(Number)])
  .pipe(z.number().min(0).max(1e12));

/** A customer reference the CRM knows: the API-channel external id or the customer's e-mail address. */
export const customerRefSchema = safeId({ max: 320 });

export const orderInputSchema = z.object({
  customer: customerRefSchema,
  status: text(50),
  total: money.optional(),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'currency is a three-letter ISO code').transform((c) => c.toUpperCase()).optional(),
  items: z.array(crmOrderItemSchema).max(500).optional(),
  placedAt: isoTime.optional(),
  updatedAt: isoTime.optional(),
}).strict();
export type OrderInput = z.infer<typeof orderInputSchema>;

export const returnInputSchema = z.object({
  customer: customerRefSchema,
  orderId: text(200).optional(),
  status: text(50),
  reason: text(2_000).optional(),
  createdAt: isoTime.optional(),
  updatedAt: isoTime.optional(),
}).strict();
export type ReturnInput = z.infer<typeof returnInputSchema>;

/** The CRM's own id of an order or return (path parameter). */
export const crmIdSchema = safeId({ max: 200 });

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
