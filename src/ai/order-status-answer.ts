import type { DraftAnswer } from '../domain/issue';
import { describeOrder, describeReturn, type CustomerContext } from './customer-context';

const ORDER_QUESTION = /\b(where\s+is\s+my\s+(order|parcel|package)|order\s+status|status\s+of\s+my\s+order|track(ing)?\s+my\s+order|has\s+my\s+order\s+(shipped|been\s+shipped))\b|(где\s+(мой\s+)?заказ|статус\s+заказа|где\s+(моя\s+)?посылка)/i;
const RETURN_QUESTION = /\b(return|refund)\s+status\b|\bstatus\s+of\s+my\s+(return|refund)\b|\bwhere\s+is\s+my\s+refund\b|(статус\s+возврата|где\s+(мой\s+)?возврат)/i;

/** Whether the message asks about the customer's orders or returns (the CRM is read only then). */
export function asksForCustomerData(text: string): boolean {
  return ORDER_QUESTION.test(text) || RETURN_QUESTION.test(text);
}

/**
 * "Where is my order?" answered from the customer's own CRM data (offline, no model): the order named in the
 * message if it is theirs, else their latest. Returns undefined when the question is not about orders/returns or
 * there is nothing to tell — then the knowledge base or a person takes it.
 */
export function answerFromCustomerData(text: string, ctx: CustomerContext, language: string): DraftAnswer | undefined {
  const named = (ids: string[]) => ids.find((id) => text.toLowerCase().includes(id.toLowerCase()));
  if (RETURN_QUESTION.test(text) && ctx.returns.length > 0) {
    const id = named(ctx.returns.map((r) => r.returnId));
    const ret = ctx.returns.find((r) => r.returnId === id) ?? ctx.returns[0];
    return crmAnswer(language === 'ru' ? `Ваш возврат: ${describeReturn(ret)}.` : `Here is your ${describeReturn(ret)}.`, `return ${ret.returnId} from the CRM`);
  }
  if (ORDER_QUESTION.test(text) && ctx.orders.length > 0) {
    const id = named(ctx.orders.map((o) => o.orderId));
    const order = ctx.orders.find((o) => o.orderId === id) ?? ctx.orders[0];
    return crmAnswer(language === 'ru' ? `Ваш заказ: ${describeOrder(order)}.` : `Here is your ${describeOrder(order)}.`, `order ${order.orderId} from the CRM`);
  }
  return undefined;
}

function crmAnswer(text: string, source: string): DraftAnswer {
  return { decision: 'answer', text, confidence: 0.95, citations: [], retrieved: [], reason: `answered from ${source}`, source: 'offline' };
}
