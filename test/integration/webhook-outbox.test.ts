/**
 * The integrators' webhook outbox on its own (real PostgreSQL, loopback receivers): events go out in the order
 * they happened, each payload says its schema version and the issue's version, a slow endpoint holds only the
 * delivery being sent (another dispatcher carries on with the rest, and never re-sends what is in flight), and
 * delivered rows are cleaned after the retention period.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { ProjectionChange } from '../../activities/types';
import { applyProjection } from '../../src/db/issue-projection';
import type { Db } from '../../src/db/pool';
import { WebhookDispatcher } from '../../src/integrations/webhook-dispatcher';
import { createLogger } from '../../src/observability/logger';
import { openTestDb, startTestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { startWebhookReceiver } from '../support/webhook-receiver';

let db: Db;
const logger = createLogger('silent');
const secret = 'whsec_outbox';

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.end();
});

/** A change of a fresh issue with `count` published events, ids `${issueId}:1` … `${issueId}:count`. */
async function issueChange(count: number, version = 7): Promise<ProjectionChange> {
  const customerId = randomUUID();
  await db.query('INSERT INTO customers (id) VALUES ($1)', [customerId]);
  const issueId = randomUUID();
  const at = new Date().toISOString();
  return {
    issue: { issueId, customerId, status: 'escalated', channel: 'api', priority: 'normal', createdAt: at, version } as ProjectionChange['issue'],
    events: Array.from({ length: count }, (_, i) => ({
      eventId: `${issueId}:${i + 1}`, type: i === 0 ? 'created' : 'escalated', at, data: { n: i + 1 },
    })),
  };
}

type Received = { eventId: string; deliveryId: string; schemaVersion: number; sequence: number; issue: { id: string; version: number } };

it('sends events in the order they happened (ev:10 after ev:9), with schema and issue versions', async () => {
  const receiver = await startWebhookReceiver();
  try {
    const change = await issueChange(11);
    await applyProjection(db, 'wf-order', change, [receiver.url]);
    const dispatcher = new WebhookDispatcher(db, { urls: [receiver.url], secret }, logger);
    await eventually(async () => {
      await dispatcher.deliverDue();
      return receiver.received.filter((r) => (r.json as unknown as Received).issue.id === change.issue.issueId).length === 11 ? true : undefined;
    }, 20_000, 'all eleven events');
    const got = receiver.received.map((r) => r.json as unknown as Received).filter((p) => p.issue.id === change.issue.issueId);
    expect(got.map((p) => p.eventId)).toEqual(change.events!.map((e) => e.eventId));
    expect(got.every((p) => p.schemaVersion === 1 && p.issue.version === 7)).toBe(true);
    const sequences = got.map((p) => p.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(new Set(sequences).size).toBe(11);
  } finally {
    await receiver.close();
  }
});

it('claims a delivery only while sending it: a slow endpoint holds up nothing else and nothing is sent twice', async () => {
  // The slow endpoint answers only when released; the fast one at once.
  const held: ServerResponse[] = [];
  const slowHits: string[] = [];
  const slow = createServer((req: IncomingMessage, res: ServerResponse) => {
    slowHits.push(String(req.headers['x-switchboard-delivery']));
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
  const fast = await startWebhookReceiver();
  const a = new WebhookDispatcher(db, { urls: [slowUrl, fast.url], secret }, logger, { timeoutMs: 20_000 });
  const b = new WebhookDispatcher(db, { urls: [slowUrl, fast.url], secret }, logger, { timeoutMs: 20_000 });
  try {
    // one event for the slow endpoint first, then five for the fast one
    const first = await issueChange(1);
    await applyProjection(db, 'wf-slow', first, [slowUrl]);
    const rest = await issueChange(5);
    await applyProjection(db, 'wf-fast', rest, [fast.url]);

    const passA = a.deliverDue();
    await eventually(async () => (slowHits.length > 0 ? true : undefined), 10_000, 'the slow delivery to start');
    // A is stuck on the slow endpoint; B delivers the rest meanwhile, and leaves the in-flight one alone.
    await eventually(async () => {
      await b.deliverDue();
      return fast.received.filter((r) => (r.json as unknown as Received).issue.id === rest.issue.issueId).length === 5 ? true : undefined;
    }, 15_000, 'the other deliveries while one is in flight');
    expect(slowHits).toHaveLength(1);
    // the claim outlasts the HTTP timeout, so nobody can take the in-flight row over
    const { rows } = await db.query(
      `SELECT next_attempt_at > now() + interval '20 seconds' AS leased FROM webhook_outbox WHERE event_id = $1`,
      [first.events![0].eventId]);
    expect(rows[0].leased).toBe(true);
    held.forEach((res) => res.writeHead(200).end());
    await passA;
    await b.deliverDue();
    await a.deliverDue();
    expect(slowHits).toHaveLength(1);
    const { rows: done } = await db.query(
      `SELECT count(*)::int AS n FROM webhook_outbox WHERE event_id = ANY($1) AND delivered_at IS NOT NULL`,
      [[first.events![0].eventId, ...rest.events!.map((e) => e.eventId)]]);
    expect(done[0].n).toBe(6);
    const fastIds = fast.received.map((r) => r.json.deliveryId);
    expect(new Set(fastIds).size).toBe(fastIds.length);
  } finally {
    held.forEach((res) => { if (!res.writableEnded) res.writeHead(200).end(); });
    slow.closeAllConnections();
    slow.close();
    await fast.close();
  }
});

it('cleans delivered rows after the retention period and keeps the rest', async () => {
  const receiver = await startWebhookReceiver();
  try {
    const change = await issueChange(3);
    await applyProjection(db, 'wf-retention', change, [receiver.url]);
    const dispatcher = new WebhookDispatcher(db, { urls: [receiver.url], secret, retentionDays: 7 }, logger);
    await eventually(async () => {
      await dispatcher.deliverDue();
      return receiver.received.filter((r) => (r.json as unknown as Received).issue.id === change.issue.issueId).length === 3 ? true : undefined;
    }, 20_000, 'the deliveries');
    const ids = change.events!.map((e) => e.eventId);
    // one delivered long ago, one delivered recently, one still pending
    await db.query(`UPDATE webhook_outbox SET delivered_at = now() - interval '8 days' WHERE event_id = $1`, [ids[0]]);
    await db.query(`UPDATE webhook_outbox SET delivered_at = NULL, next_attempt_at = now() + interval '1 hour' WHERE event_id = $1`, [ids[2]]);
    await dispatcher.cleanDelivered();
    const { rows } = await db.query('SELECT event_id FROM webhook_outbox WHERE event_id = ANY($1) ORDER BY event_id', [ids]);
    expect(rows.map((r) => r.event_id)).toEqual([ids[1], ids[2]]);
  } finally {
    await receiver.close();
  }
});

it('keeps delivering what is in the outbox while no worker runs', async () => {
  const receiver = await startWebhookReceiver(503);
  const sys = await startTestSystem({ WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: secret });
  try {
    const res = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: `wh-down-${randomUUID()}` }, text: 'I want to talk to a human' },
    });
    expect(res.status).toBe(202);
    const issueId = res.body.issueId as string;
    // the events are in the outbox and their first attempt failed
    await eventually(async () => {
      const { rows } = await sys.db.query(
        `SELECT count(*)::int AS n FROM webhook_outbox WHERE endpoint = $1 AND payload->'issue'->>'id' = $2 AND attempts > 0
           AND payload->>'type' = 'issue.escalated'`, [receiver.url, issueId]);
      return rows[0].n > 0 ? true : undefined;
    }, 30_000, 'the escalation in the outbox');
    await sys.stopWorker();
    receiver.setStatus(200);
    const types = await eventually(async () => {
      const got = receiver.received.map((r) => r.json as unknown as { type: string; issue: { id: string } }).filter((p) => p.issue.id === issueId);
      return got.some((p) => p.type === 'issue.escalated') ? got.map((p) => p.type) : undefined;
    }, 40_000, 'the deliveries with the worker stopped');
    expect(types).toEqual(expect.arrayContaining(['issue.created', 'issue.escalated']));
  } finally {
    await sys.stop();
    await receiver.close();
  }
}, 90_000);
