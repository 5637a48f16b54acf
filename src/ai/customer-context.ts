import type { CrmOrder, CrmProfile, CrmReader, CrmReturn, PreviousIssue } from '../crm/crm-reader';

/** What the assistant knows about the customer it is talking to: always read for that customer id only. */
export interface CustomerContext {
  profile?: CrmProfile;
  orders: CrmOrder[];
  returns: CrmReturn[];
  previousIssues: PreviousIssue[];
}

export async function loadCustomerContext(crm: CrmReader, customerId: string): Promise<CustomerContext> {
  const [profile, orders, returns, previousIssues] = await Promise.all([
    crm.profile(customerId), crm.recentOrders(customerId, 5), crm.recentReturns(customerId, 5), crm.previousIssues(customerId, 3),
  ]);
  return { profile, orders, returns, previousIssues };
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'unknown date');

export function describeOrder(order: CrmOrder): string {
  const items = order.items.map((i) => `${i.quantity} × ${i.name}`).join(', ');
  const total = order.total !== null ? `, ${order.total} ${order.currency ?? ''}`.trimEnd() : '';
  return `order ${order.orderId} (${items || 'no items listed'}${total}) placed ${day(order.placedAt)}: status "${order.status}", updated ${day(order.updatedAt)}`;
}

export function describeReturn(ret: CrmReturn): string {
  return `return ${ret.returnId}${ret.orderId ? ` for order ${ret.orderId}` : ''}: status "${ret.status}", updated ${day(ret.updatedAt)}`;
}

/** The context as plain lines for a prompt; empty when nothing is known. */
export function customerContextText(ctx: CustomerContext): string {
  const lines: string[] = [];
  if (ctx.profile) {
    const p = ctx.profile;
    lines.push(`Profile: ${[p.name && `name ${p.name}`, p.plan && `plan ${p.plan}`].filter(Boolean).join(', ') || 'no details'}`);
  }
  for (const o of ctx.orders) lines.push(`- ${describeOrder(o)}`);
  for (const r of ctx.returns) lines.push(`- ${describeReturn(r)}`);
  for (const i of ctx.previousIssues) {
    lines.push(`- earlier issue ${day(i.createdAt)} (${i.category ?? 'uncategorised'}, ${i.status}): "${i.firstMessage ?? ''}"`);
  }
  return lines.join('\n');
}
