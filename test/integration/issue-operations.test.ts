/**
 * What operators and channels see of an issue when things are not running smoothly, through the real gateway,
 * worker, Temporal and PostgreSQL: no worker running, a finished issue, a webhook re-delivered after closing,
 * an operator retrying a reply.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({
    SUPPORT_POLICY: JSON.stringify({ reopenWindow: '2s', csatWait: '2s' }),
    // this file stops the worker on purpose: a short wait before the 503
    OPERATOR_ACTION_WAIT_MS: '3000',
  });
});

afterAll(async () => {
  await sys?.stop();
});

const customer = () => ({ externalId: `ops-${randomUUID()}` });
const send = (cust: { externalId: string }, text: string, messageId: string = randomUUID()) =>
  sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId, customer: cust, text } });

async function escalatedIssue() {
  const cust = customer();
  const accepted = await send(cust, 'I want to talk to a person');
  expect(accepted.status).toBe(202);
  const issueId = accepted.body.issueId as string;
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
    return (res.body.tasks as { taskId: string; issueId: string }[]).find((t) => t.issueId === issueId);
  }, 30_000, 'the task');
  return { cust, issueId, taskId: task.taskId };
}

describe('issues under operational trouble', () => {
  it('serves reads from PostgreSQL and refuses actions with 503 + Retry-After while no worker runs', async () => {
    const { issueId, taskId } = await escalatedIssue();
    await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
      return res.body.issue?.task ? true : undefined;
    }, 20_000, 'the live task');
    // the summary is projected with the task; give the projection a moment to land
    await eventually(async () => {
      const row = await sys.db.query("SELECT summary->'task' AS task FROM issues WHERE id = $1", [issueId]);
      return row.rows[0]?.task ? true : undefined;
    }, 20_000, 'the projected summary');
    await sys.stopWorker();
    try {
      const read = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ live: true, stale: true, issue: { issueId, status: 'escalated', task: { taskId } } });
      // the customer's message, the hand-over notice, and (when nobody suitable is online) by when to expect an answer
      const authors = read.body.issue.messages.map((m: { author: string }) => m.author);
      expect(authors.slice(0, 2)).toEqual(['customer', 'system']);
      expect(authors.slice(2)).toEqual(authors.length === 3 ? ['system'] : []);
      const claim = await sys.api('POST', `/api/v1/tasks/${taskId}/claim`, { token: sys.operatorToken });
      expect(claim.status).toBe(503);
      expect(claim.body.error.code).toBe('workers_unavailable');
      const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'hello' } });
      expect(reply.status).toBe(503);
    } finally {
      await sys.startWorker();
    }
    const claim = await eventually(async () => {
      const res = await sys.api('POST', `/api/v1/tasks/${taskId}/claim`, { token: sys.operatorToken });
      return res.status === 200 ? res : undefined;
    }, 30_000, 'a claim once the worker is back');
    expect(claim.body.taskId).toBe(taskId);
  });

  it('sends a retried reply once: the same Idempotency-Key returns the first message', async () => {
    const { cust, issueId, taskId } = await escalatedIssue();
    expect((await sys.api('POST', `/api/v1/tasks/${taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
    const headers = { 'idempotency-key': `reply-${randomUUID()}` };
    const first = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'We are on it.' }, headers });
    const again = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'We are on it.' }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.messageId).toBe(first.body.messageId);
    const bad = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'x' }, headers: { 'idempotency-key': 'has spaces in it' },
    });
    expect(bad.status).toBe(400);
    const messages = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
      const list = res.body.messages as { author: string; text: string }[];
      return list.some((m) => m.text === 'We are on it.') ? list : undefined;
    }, 20_000, 'the reply');
    expect(messages.filter((m) => m.text === 'We are on it.')).toHaveLength(1);
  });

  it('treats a finished issue as closed (409, not 500) and ignores a webhook re-delivered after it closed', async () => {
    const { cust, issueId, taskId } = await escalatedIssue();
    expect((await sys.api('POST', `/api/v1/tasks/${taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
    expect((await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { token: sys.operatorToken })).status).toBe(200);
    // the reopen window (2 s) ends and the workflow completes
    await eventually(async () => {
      const row = await sys.db.query('SELECT status FROM issues WHERE id = $1', [issueId]);
      return row.rows[0]?.status === 'closed' ? true : undefined;
    }, 30_000, 'the issue to close');
    await new Promise((r) => setTimeout(r, 1_000));
    const read = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    expect(read.status).toBe(200);
    expect(read.body.live).toBe(false);
    const resolve = await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { token: sys.operatorToken });
    expect(resolve.status).toBe(409);
    const claim = await sys.api('POST', `/api/v1/tasks/${taskId}/claim`, { token: sys.operatorToken });
    expect(claim.status).toBe(409);

    // The first message's webhook comes again (platforms retry for days): same issue, nothing new.
    const firstMessage = await sys.db.query(
      "SELECT external_message_id FROM messages WHERE issue_id = $1 AND direction = 'inbound' ORDER BY created_at LIMIT 1", [issueId],
    );
    const again = await send(cust, 'I want to talk to a person', firstMessage.rows[0].external_message_id);
    expect(again.status).toBe(202);
    expect(again.body.issueId).toBe(issueId);
    await new Promise((r) => setTimeout(r, 1_500));
    const issues = await sys.db.query('SELECT id FROM issues WHERE customer_id = (SELECT customer_id FROM issues WHERE id = $1)', [issueId]);
    expect(issues.rows.map((r) => r.id)).toEqual([issueId]);
  });
});
