/**
 * A customer on the API channel and an operator, through the real gateway, worker, Temporal and database,
 * with the offline responder answering from the knowledge base.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle, TEST_METRICS_TOKEN } from '../support/system';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { verifyWebhookSignature } from '../../src/channels/webhook-signature';

let sys: TestSystem;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  sys = await startTestSystem({
    SUPPORT_POLICY: JSON.stringify({
      firstResponse: { urgent: '60s', high: '60s', normal: '60s', low: '60s' },
      reopenWindow: '30s', csatWait: '30s',
    }),
    API_CHANNEL_WEBHOOK_URL: webhook.url,
    API_CHANNEL_WEBHOOK_SECRET: 'whsec_test',
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await webhook?.close();
});

function customer() {
  return { externalId: `app-user-${randomUUID()}`, name: 'Test Customer', email: 'customer@example.com' };
}

async function send(cust: { externalId: string }, text: string, messageId = randomUUID()) {
  return sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId, customer: cust, text } });
}

async function messagesOf(cust: { externalId: string }) {
  const res = await sys.api('GET', `/api/v1/customers/${encodeURIComponent(cust.externalId)}/messages`, { token: sys.apiKey });
  expect(res.status).toBe(200);
  return res.body.messages as { id: string; author: string; text: string; direction: string; issueId: string }[];
}

describe('API channel end to end', () => {
  it('answers from the knowledge base, lists the reply and pushes it to the signed webhook', async () => {
    const cust = customer();
    const accepted = await send(cust, 'How can I reset my password?');
    expect(accepted.status).toBe(202);
    expect(accepted.body.issueId).toMatch(/^[0-9a-f-]{36}$/);
    const messages = await eventually(async () => {
      const list = await messagesOf(cust);
      return list.some((m) => m.author === 'assistant') ? list : undefined;
    }, 30_000, 'the assistant answer');
    expect(messages.map((m) => m.author)).toEqual(['customer', 'assistant']);
    expect(messages[1].text).toContain('Forgot password');
    expect(messages[1].issueId).toBe(accepted.body.issueId);

    const pushed = await eventually(async () => webhook.received.find((w) => w.json.message.id === messages[1].id), 10_000, 'webhook');
    expect(pushed.json.customer.externalId).toBe(cust.externalId);
    expect(verifyWebhookSignature('whsec_test', pushed.headers['x-switchboard-timestamp'] as string, pushed.body,
      pushed.headers['x-switchboard-signature'] as string)).toBe(true);

    const issue = await sys.api('GET', `/api/v1/issues/${accepted.body.issueId}`, { token: sys.operatorToken });
    expect(issue.status).toBe(200);
    expect(issue.body.issue).toMatchObject({ status: 'waiting_customer', channel: 'api' });
  });

  it('escalates what it cannot answer; the operator claims, replies and resolves; the customer rates', async () => {
    const cust = customer();
    const accepted = await send(cust, 'My parcel arrived broken and the box was wet');
    const issueId = accepted.body.issueId as string;
    const task = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
      return res.body.tasks.find((t: { issueId: string }) => t.issueId === issueId);
    }, 30_000, 'the human task');
    expect(task).toMatchObject({ status: 'queued', reason: 'low_confidence', priority: 'normal' });
    expect(Date.parse(task.firstResponseDueAt) - Date.parse(task.createdAt)).toBe(60_000);
    expect(task.slaDueAt).toBe(task.firstResponseDueAt);
    const told = await eventually(async () => {
      const list = await messagesOf(cust);
      return list.at(-1)?.text.includes('member of our support team') ? list : undefined;
    }, 10_000, 'the hand-over notice');
    expect(told.at(-1)?.author).not.toBe('customer');

    const early = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'Hi' } });
    expect(early.status).toBe(409);
    const claim = await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken });
    expect(claim.status).toBe(200);
    const stolen = await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.secondOperatorToken });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.message).toMatch(/already claimed/);

    const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Sorry about that! A replacement is on its way.' },
      headers: { 'idempotency-key': 'reply-1' },
    });
    expect(reply.status).toBe(201);
    // the same request again (a client retry) sends nothing new
    const retried = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Sorry about that! A replacement is on its way.' },
      headers: { 'idempotency-key': 'reply-1' },
    });
    expect(retried.body.messageId).toBe(reply.body.messageId);
    // the reply is stored by its delivery, which follows the 201
    const afterReply = await eventually(async () => {
      const list = await messagesOf(cust);
      return list.some((m) => m.author === 'operator') ? list : undefined;
    }, 10_000, 'the operator reply in the customer\'s list');
    await new Promise((r) => setTimeout(r, 300)); // a second copy, if the retry had sent one, would be there too
    expect((await messagesOf(cust)).filter((m) => m.author === 'operator').map((m) => m.text)).toEqual(['Sorry about that! A replacement is on its way.']);
    expect(afterReply.filter((m) => m.author === 'operator')).toHaveLength(1);

    const resolved = await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { token: sys.operatorToken });
    expect(resolved.status).toBe(200);
    const withCsat = await eventually(async () => {
      const list = await messagesOf(cust);
      return list.some((m) => /from 1 \(poor\) to 5/.test(m.text)) ? list : undefined;
    }, 10_000, 'the CSAT question');
    expect(withCsat.at(-1)?.author).toBe('system');

    const rating = await sys.api('POST', `/api/v1/issues/${issueId}/csat`, { token: sys.apiKey, body: { score: 4, comment: 'quick' } });
    expect(rating.status).toBe(202);
    const state = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
      return res.body.issue.csat ? res.body.issue : undefined;
    }, 10_000, 'the rating');
    expect(state).toMatchObject({ status: 'resolved', csat: { score: 4, comment: 'quick' } });
    const tasks = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
    expect(tasks.status).toBe(200);
    expect(tasks.body.tasks).toEqual([]);
    // the projection for the console and analytics follows shortly after
    const projected = await eventually(async () => {
      const { rows } = await sys.db.query('SELECT csat_score, status FROM issues WHERE id = $1', [issueId]);
      return rows[0]?.csat_score === 4 ? rows[0] : undefined;
    }, 10_000, 'the projected rating');
    expect(projected.status).toBe('resolved');
    const events = await sys.db.query('SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY created_at, id', [issueId]);
    expect(events.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['escalated', 'task_claimed', 'resolved', 'csat_received']));
  });

  it('accepts a re-delivered message once: one issue, one answer', async () => {
    const cust = customer();
    const id = randomUUID();
    const a = await send(cust, 'reset password please', id);
    const b = await send(cust, 'reset password please', id);
    expect(b.body.issueId).toBe(a.body.issueId);
    await eventually(async () => ((await messagesOf(cust)).some((m) => m.author === 'assistant') ? true : undefined), 30_000, 'answer');
    await new Promise((r) => setTimeout(r, 1_000));
    const list = await messagesOf(cust);
    expect(list.filter((m) => m.author === 'customer')).toHaveLength(1);
    expect(list.filter((m) => m.author === 'assistant')).toHaveLength(1);
  });

  it('turns bad input away with a clear reason and changes nothing', async () => {
    const cust = customer();
    const noKey = await sys.api('POST', '/api/v1/messages', { body: { messageId: 'x', customer: cust, text: 'hi' } });
    expect(noKey.status).toBe(401);
    const badKey = await sys.api('POST', '/api/v1/messages', { token: 'nope', body: { messageId: 'x', customer: cust, text: 'hi' } });
    expect(badKey.status).toBe(401);
    const operatorKeyOnChannel = await sys.api('POST', '/api/v1/messages', { token: sys.operatorToken, body: { messageId: 'x', customer: cust, text: 'hi' } });
    expect(operatorKeyOnChannel.status).toBe(401);
    const missing = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { customer: cust, text: 'hi' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_request');
    expect(missing.body.error.message).toMatch(/messageId/);
    const malformed = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, raw: '{"messageId": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const huge = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: 'x', customer: cust, text: 'a'.repeat(300 * 1024) },
    });
    // this route takes bodies with base64 files (see Attachments), so an over-long text is refused by its own
    // limit; a body over the route's limit is a 413 (test/integration/attachments-api.test.ts)
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/text/);
    const unknown = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
    expect(unknown.status).toBe(404);
    const noOperator = await sys.api('GET', '/api/v1/tasks', { token: sys.apiKey });
    expect(noOperator.status).toBe(401);
    const notAdmin = await sys.api('POST', '/api/v1/operators', { token: sys.operatorToken, body: { name: 'x' } });
    expect(notAdmin.status).toBe(403);
    const badIssue = await sys.api('GET', '/api/v1/issues/not-a-uuid', { token: sys.operatorToken });
    expect(badIssue.status).toBe(400);
    const { rows } = await sys.db.query(
      `SELECT count(*)::int AS n FROM customer_identities WHERE channel = 'api' AND external_id = $1`, [cust.externalId]);
    expect(rows[0].n).toBe(0);
  });

  it('serves health and Prometheus metrics, and lets an admin add operators', async () => {
    const health = await sys.api('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { database: true, temporal: true } });
    const created = await sys.api('POST', '/api/v1/operators', { token: sys.adminToken, body: { name: 'Carla' } });
    expect(created.status).toBe(201);
    const asNew = await sys.api('GET', '/api/v1/tasks', { token: created.body.token });
    expect(asNew.status).toBe(200);
    const metrics = await sys.api('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/switchboard_inbound_messages_total\{channel="api",result="accepted"\} \d+/);
    expect(metrics.body).toMatch(/switchboard_http_requests_total\{method="POST",route="\/api\/v1\/messages",status="202"\}/);
  });
});
