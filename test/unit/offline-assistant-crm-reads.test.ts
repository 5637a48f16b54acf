/**
 * The offline assistant reads the customer's CRM data (profile, orders, returns, earlier issues: four reads) only
 * for a message that asks about an order or a return; every other turn went to the CRM for nothing before.
 */
import { OfflineAssistant } from '../../src/ai/offline-assistant';
import type { CrmReader } from '../../src/crm/crm-reader';
import type { Db } from '../../src/db/pool';
import type { Classification } from '../../src/domain/issue';

function countingCrm(): { crm: CrmReader; reads: string[] } {
  const reads: string[] = [];
  const crm = {
    profile: async () => { reads.push('profile'); return undefined; },
    recentOrders: async () => {
      reads.push('orders');
      return [{ orderId: 'ORD-7', status: 'shipped', total: 10, currency: 'EUR', items: [], placedAt: null, updatedAt: '2026-11-30T00:00:00Z' }];
    },
    recentReturns: async () => { reads.push('returns'); return []; },
    previousIssues: async () => { reads.push('previous issues'); return []; },
  } as unknown as CrmReader;
  return { crm, reads };
}

/** no knowledge-base article matches anything: the turn ends with the CRM's answer or a hand-over */
const emptyDb = { query: async () => ({ rows: [], rowCount: 0 }) } as unknown as Db;
const classification: Classification = {
  category: 'general', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, intent: 'general_question',
  confidence: 0.4, source: 'offline',
} as Classification;
const turn = (text: string) => ({ issueId: 'i', customerId: '00000000-0000-4000-8000-000000000001', text, history: [], classification });

it('does not read the CRM for a question about something else', async () => {
  const { crm, reads } = countingCrm();
  const draft = await new OfflineAssistant(emptyDb, crm).draftAnswer(turn('How do I reset my password?'));
  expect(draft.decision).toBe('escalate');
  expect(reads).toEqual([]);
});

it.each(['Where is my order?', 'Где мой заказ?', 'What is the return status?'])('reads it for "%s"', async (text) => {
  const { crm, reads } = countingCrm();
  const draft = await new OfflineAssistant(emptyDb, crm).draftAnswer(turn(text));
  expect(reads).toEqual(expect.arrayContaining(['orders', 'returns']));
  if (!text.includes('return')) expect(draft.text).toContain('ORD-7');
});
