/**
 * Integrators' webhooks: issue events are POSTed, signed, with a delivery id; a failing endpoint is retried with
 * backoff and never holds up the issue.
 */
import { randomUUID } from 'node:crypto';
import { verifyWebhookSignature } from '../../src/channels/webhook-signature';
import { backoffMs } from '../../src/integrations/webhook-dispatcher';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { startWebhookReceiver } from '../support/webhook-receiver';

let sys: TestSystem;
let healthy: Awaited<ReturnType<typeof startWebhookReceiver>>;
let flaky: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  healthy = await startWebhookReceiver();
  flaky = await startWebhookReceiver(503);
  sys = await startTestSystem({ WEBHOOK_URLS: `${healthy.url},${flaky.url}`, WEBHOOK_SECRET: 'whsec_integrations' });
});
afterAll(async () => {
  await sys?.stop();
  await healthy?.close();
  await flaky?.close();
});

type Payload = { deliveryId: string; type: string; issue: { id: string }; data: Record<string, unknown> };

it('publishes signed issue events, retries a failing endpoint, and never blocks the issue', async () => {
  const res = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: `wh-${randomUUID()}` }, text: 'I want to talk to a human' },
  });
  const issueId = res.body.issueId as string;
  const ofIssue = () => healthy.received.map((r) => r.json as unknown as Payload).filter((p) => p.issue.id === issueId);
  const types = await eventually(async () => {
    const t = ofIssue().map((p) => p.type);
    return t.includes('issue.escalated') && t.filter((x) => x === 'issue.message').length >= 2 ? t : undefined;
  }, 20_000, 'the escalation event');
  expect(types).toEqual(expect.arrayContaining(['issue.created', 'issue.message', 'issue.escalated']));
  const inbound = ofIssue().find((p) => p.type === 'issue.message' && p.data.direction === 'inbound');
  expect(inbound?.data).toMatchObject({ author: 'customer', text: 'I want to talk to a human', channel: 'api' });
  const one = healthy.received.find((r) => (r.json as unknown as Payload).issue.id === issueId)!;
  expect(one.headers['x-switchboard-delivery']).toBe((one.json as unknown as Payload).deliveryId);
  expect(verifyWebhookSignature('whsec_integrations', one.headers['x-switchboard-timestamp'] as string, one.body,
    one.headers['x-switchboard-signature'] as string)).toBe(true);
  expect(new Set(ofIssue().map((p) => p.deliveryId)).size).toBe(ofIssue().length);

  // the issue went on although the second endpoint keeps failing
  const { rows } = await sys.db.query(
    `SELECT attempts, last_error FROM webhook_outbox WHERE endpoint = $1 AND payload->'issue'->>'id' = $2`, [flaky.url, issueId]);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0].last_error).toBe('HTTP 503');
  flaky.setStatus(200);
  const recovered = await eventually(async () => {
    const got = flaky.received.map((r) => r.json as unknown as Payload).filter((p) => p.issue.id === issueId);
    return got.some((p) => p.type === 'issue.escalated') ? got : undefined;
  }, 30_000, 'the retried deliveries');
  expect(recovered.length).toBeGreaterThan(0);
});

it('backs off exponentially up to an hour', () => {
  expect([1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
  expect(backoffMs(30)).toBe(3_600_000);
});
