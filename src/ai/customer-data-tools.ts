import { z } from 'zod';
import type { CrmReader } from '../crm/crm-reader';
import type { CustomerDataCall, CustomerDataResult } from '../domain/issue';

/**
 * The CRM look-ups ChatGPT may ask for. The customer is never an argument: the server runs every look-up for the
 * customer of the issue, so nothing a customer writes can make a tool read someone else's data.
 */
export const CUSTOMER_DATA_TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'get_order',
      description: "One of the customer's orders by its id: status, items, total, dates.",
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'list_recent_orders',
      description: "The customer's most recent orders, newest first.",
      parameters: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10 } }, additionalProperties: false },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'list_recent_returns',
      description: "The customer's most recent returns and refunds, newest first.",
      parameters: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10 } }, additionalProperties: false },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'get_profile',
      description: "The customer's profile: name and plan.",
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
  },
];

const limitArgs = z.object({ limit: z.number().int().min(1).max(10).default(5) }).strict();
const orderArgs = z.object({ order_id: z.string().trim().min(1).max(200) }).strict();

/** Runs one look-up for `customerId`. Unknown tools and bad arguments answer with an error the model can read. */
export async function runCustomerDataCall(crm: CrmReader, customerId: string, call: CustomerDataCall): Promise<CustomerDataResult> {
  const answer = (value: unknown): CustomerDataResult => ({ id: call.id, content: JSON.stringify(value) });
  let args: unknown;
  try {
    args = call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch {
    return answer({ error: 'arguments are not JSON' });
  }
  switch (call.name) {
    case 'get_order': {
      const parsed = orderArgs.safeParse(args);
      if (!parsed.success) return answer({ error: 'order_id is required' });
      const order = await crm.order(customerId, parsed.data.order_id);
      return answer(order ?? { error: `no order ${parsed.data.order_id} for this customer` });
    }
    case 'list_recent_orders': {
      const parsed = limitArgs.safeParse(args);
      return answer({ orders: await crm.recentOrders(customerId, parsed.success ? parsed.data.limit : 5) });
    }
    case 'list_recent_returns': {
      const parsed = limitArgs.safeParse(args);
      return answer({ returns: await crm.recentReturns(customerId, parsed.success ? parsed.data.limit : 5) });
    }
    case 'get_profile': {
      const profile = await crm.profile(customerId);
      return answer(profile ? { name: profile.name, plan: profile.plan } : { error: 'no profile' });
    }
    default:
      return answer({ error: `unknown tool ${call.name}` });
  }
}
