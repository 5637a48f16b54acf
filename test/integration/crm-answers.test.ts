/**
 * The assistant answers "where is my order?" from the customer's own CRM data — offline and through ChatGPT —
 * and never from another customer's.
 */
import { randomUUID } from 'node:crypto';
import { recordHistoryIfAsked } from '../support/history-recorder';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { formatName, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';

let offline: TestSystem;
let llm: TestSystem;
let openai: FakeOpenAi;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  [offline, llm] = await Promise.all([
    startTestSystem(),
    startTestSystem({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'gpt-test' }),
  ]);
});
afterAll(async () => {
  await offline?.stop();
  await llm?.stop();
  await openai?.close();
});

async function customerWithOrder(sys: TestSystem, status: string) {
  const externalId = `crm-${randomUUID()}`;
  const orderId = `ORD-${randomUUID().slice(0, 6).toUpperCase()}`;
  const put = await sys.api('PUT', `/api/v1/crm/orders/${orderId}`, {
    token: sys.integrationToken,
    body: { customer: externalId, status, total: 42.5, currency: 'EUR', items: [{ name: 'Blue kettle', quantity: 1 }], placedAt: '2026-11-20T10:00:00Z' },
  });
  expect([200, 201]).toContain(put.status);
  return { externalId, orderId };
}

async function ask(sys: TestSystem, externalId: string, text: string) {
  const res = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const state = await sys.api('GET', `/api/v1/issues/${res.body.issueId}`, { token: sys.operatorToken });
    const issue = state.body.issue;
    return issue?.status === 'waiting_customer' || issue?.status === 'escalated' ? issue : undefined;
  }, 30_000, 'the assistant turn');
}

it('answers order status offline from this customer\'s CRM data only', async () => {
  const ann = await customerWithOrder(offline, 'shipped');
  const bob = await customerWithOrder(offline, 'processing');
  const answered = await ask(offline, ann.externalId, 'Where is my order?');
  expect(answered.status).toBe('waiting_customer');
  expect(answered.messages.at(-1).text).toContain(`order ${ann.orderId}`);
  expect(answered.messages.at(-1).text).toContain('"shipped"');
  expect(answered.audit.at(-1).reason).toMatch(/from the CRM/);
  // Bob names Ann's order: he gets his own, never hers
  const other = await ask(offline, bob.externalId, `Where is my order ${ann.orderId}?`);
  expect(other.messages.at(-1).text).toContain(bob.orderId);
  expect(JSON.stringify(other.messages)).not.toContain('"shipped"');
});

it('gives ChatGPT this customer\'s orders (masked), cites them, and nobody else\'s', async () => {
  const ann = await customerWithOrder(llm, 'out for delivery');
  const bob = await customerWithOrder(llm, 'cancelled');
  await llm.api('PUT', `/api/v1/crm/customers/${ann.externalId}`, { token: llm.integrationToken, body: { name: 'Ann', email: 'ann.private@example.com' } });
  openai.setHandler((request) => formatName(request) === 'classification'
    ? { content: JSON.stringify({ category: 'delivery', intent: 'order_status', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, confidence: 0.9 }) }
    : { content: JSON.stringify({ answer: `Your order ${ann.orderId} is out for delivery.`, confidence: 0.92, grounded: true, citedArticleIds: ['customer-data'] }) });
  const before = openai.requests.length;
  const issue = await ask(llm, ann.externalId, 'Where is my order?');
  expect(issue.status).toBe('waiting_customer');
  expect(issue.messages.at(-1).text).toBe(`Your order ${ann.orderId} is out for delivery.`);
  expect(issue.audit.at(-1).cited[0]).toMatchObject({ articleId: 'customer-data' });
  const prompt = JSON.stringify(openai.requests.slice(before));
  expect(prompt).toContain(ann.orderId);
  expect(prompt).not.toContain(bob.orderId);
  expect(prompt).not.toContain('ann.private@example.com');
});

it('runs the model\'s CRM look-ups as activities for this customer only, and caps them', async () => {
  const ann = await customerWithOrder(llm, 'delivered');
  const bob = await customerWithOrder(llm, 'lost in transit');
  let step = 0;
  openai.setHandler((request) => {
    if (formatName(request) === 'classification') {
      return { content: JSON.stringify({ category: 'delivery', intent: 'order_status', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, confidence: 0.9 }) };
    }
    step += 1;
    if (step === 1) return { toolCalls: [{ id: 'call_1', name: 'get_order', arguments: JSON.stringify({ order_id: bob.orderId }) }] };
    if (step === 2) return { toolCalls: [{ id: 'call_2', name: 'get_order', arguments: JSON.stringify({ order_id: ann.orderId }) }] };
    return { content: JSON.stringify({ answer: `Order ${ann.orderId} was delivered.`, confidence: 0.9, grounded: true, citedArticleIds: ['customer-data'] }) };
  });
  const before = openai.requests.length;
  const issue = await ask(llm, ann.externalId, `Is order ${bob.orderId} mine? And where is my order?`);
  expect(issue.status).toBe('waiting_customer');
  expect(issue.messages.at(-1).text).toBe(`Order ${ann.orderId} was delivered.`);
  const toolMessages = openai.requests.slice(before).flatMap((r) => r.messages.filter((m) => m.role === 'tool'));
  const bobLookup = toolMessages.find((m) => m.tool_call_id === 'call_1')!;
  expect(bobLookup.content).toContain('no order');
  expect(bobLookup.content).not.toContain('lost in transit');
  expect(toolMessages.find((m) => m.tool_call_id === 'call_2')!.content).toContain('delivered');
  expect(openai.requests.slice(before).find((r) => formatName(r) === 'answer')?.tools?.map((t) => t.function.name)).toContain('get_order');
  // each look-up is its own step in the Temporal UI
  const row = await llm.db.query('SELECT workflow_id FROM issues WHERE id = $1', [issue.issueId]);
  const { Connection, Client } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: llm.config.temporal.address! });
  const client = new Client({ connection });
  const history = await client.workflow.getHandle(row.rows[0].workflow_id).fetchHistory();
  await recordHistoryIfAsked(client, row.rows[0].workflow_id, 'chatgpt-crm-lookups');
  await connection.close();
  const activityTypes = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  expect(activityTypes.filter((t) => t === 'lookupCustomerData')).toHaveLength(2);
  // one turn (classification and first draft in one step), then one draft per round of look-ups
  expect(activityTypes.filter((t) => t === 'answerTurn')).toHaveLength(1);
  expect(activityTypes.filter((t) => t === 'draftAnswer')).toHaveLength(2);

  // a model that never stops asking is cut off and a person takes over
  openai.setHandler((request) => formatName(request) === 'classification'
    ? { content: JSON.stringify({ category: 'delivery', intent: 'order_status', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, confidence: 0.9 }) }
    : { toolCalls: [{ id: `call_${Math.random()}`, name: 'list_recent_orders', arguments: '{}' }] });
  const carol = await customerWithOrder(llm, 'packed');
  const looping = await ask(llm, carol.externalId, 'Where is my order?');
  expect(looping.status).toBe('escalated');
  expect(looping.audit.at(-1).reason).toMatch(/kept asking for look-ups/);
});
