/**
 * The same SQL on both databases: the embedded PGlite (what `npm start` uses without DATABASE_URL) and a real
 * PostgreSQL server (DATABASE_URL; CI provides one). Each backend runs every test below.
 */
import { randomUUID } from 'node:crypto';
import { createArticle, searchArticles } from '../../src/kb/articles';
import { resolveCustomer } from '../../src/db/customers';
import { applyProjection } from '../../src/db/issue-projection';
import { listOpenTasks } from '../../src/db/issue-queries';
import { bootstrapCredentials, findOperatorByToken, verifyChannelKey } from '../../src/db/credentials';
import { migrateUp } from '../../src/db/migrate';
import type { Db } from '../../src/db/pool';
import { databaseBackends } from '../support/db-backends';
import type { ProjectionChange } from '../../activities/types';

const backends = databaseBackends();

function change(issueId: string, customerId: string, version: number, patch: Partial<ProjectionChange> = {}): ProjectionChange {
  return {
    issue: {
      issueId, customerId, status: 'open', channel: 'api', priority: 'normal', createdAt: new Date().toISOString(), version,
    },
    ...patch,
  };
}

describe.each(backends)('database: $name', (backend) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await backend.open());
    await migrateUp(db);
  }, 120_000);
  afterAll(async () => {
    await close();
  });

  it('migrates idempotently', async () => {
    await expect(migrateUp(db)).resolves.toEqual([]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN
      ('customers','customer_identities','issues','messages','human_tasks','operators','issue_events','kb_articles')`);
    expect(rows[0].n).toBe(8);
  });

  it('maps one channel identity to one customer, even under concurrent first contact', async () => {
    const externalId = `user-${randomUUID()}`;
    const ids = await Promise.all(Array.from({ length: 5 }, () => resolveCustomer(db, { channel: 'api', externalId, name: 'Ann' })));
    expect(new Set(ids).size).toBe(1);
    const other = await resolveCustomer(db, { channel: 'telegram', externalId });
    expect(other).not.toBe(ids[0]);
  });

  it('fills profile gaps from later contacts and never overwrites them', async () => {
    const identity = { channel: 'telegram' as const, externalId: `profile-${randomUUID()}` };
    const id = await resolveCustomer(db, identity);
    expect(await resolveCustomer(db, { ...identity, name: 'Olga', phone: '+491700000000' })).toBe(id);
    expect(await resolveCustomer(db, { ...identity, name: 'Someone else', email: 'olga@example.com' })).toBe(id);
    const { rows } = await db.query('SELECT display_name, email, phone FROM customers WHERE id = $1', [id]);
    expect(rows).toEqual([{ display_name: 'Olga', email: 'olga@example.com', phone: '+491700000000' }]);
  });

  it('applies projections idempotently and never goes back in version', async () => {
    const customerId = await resolveCustomer(db, { channel: 'api', externalId: `p-${randomUUID()}` });
    const issueId = randomUUID();
    const message = { id: `${issueId}:in:1`, direction: 'inbound' as const, author: 'customer' as const, channel: 'api' as const, text: 'hi', at: new Date().toISOString() };
    const task = {
      taskId: `${issueId}:task:2`, status: 'queued' as const, priority: 'normal' as const, reason: 'low_confidence' as const,
      summary: 's', createdAt: new Date().toISOString(), firstResponseDueAt: new Date(Date.now() + 60_000).toISOString(),
      resolutionDueAt: new Date(Date.now() + 120_000).toISOString(), breached: [],
    };
    const v2 = change(issueId, customerId, 2, { messages: [message], tasks: [task], events: [{ eventId: `${issueId}:ev:3`, type: 'escalated', at: new Date().toISOString() }] });
    v2.issue.status = 'escalated';
    await applyProjection(db, 'wf', v2);
    await applyProjection(db, 'wf', v2); // a retried activity
    await applyProjection(db, 'wf', change(issueId, customerId, 1)); // a late, older write
    const issue = await db.query('SELECT status, version FROM issues WHERE id = $1', [issueId]);
    expect(issue.rows[0]).toEqual({ status: 'escalated', version: 2 });
    const counts = await db.query(`SELECT (SELECT count(*)::int FROM messages WHERE issue_id = $1) AS m,
      (SELECT count(*)::int FROM issue_events WHERE issue_id = $1) AS e`, [issueId]);
    expect(counts.rows[0]).toEqual({ m: 1, e: 1 });
    const open = await listOpenTasks(db, { limit: 500 });
    expect(open.find((t) => t.id === task.taskId)).toMatchObject({ status: 'queued', priority: 'normal' });
  });

  it('searches the knowledge base with English and Russian stemming', async () => {
    const tag = randomUUID().slice(0, 8);
    const en = await createArticle(db, { title: `Refunds ${tag}`, body: 'Refunds are returned to the original card within 5 days.' });
    const ru = await createArticle(db, { title: `Возврат денег ${tag}`, body: 'Деньги возвращаются на карту в течение пяти дней.' });
    expect(en.language).toBe('en');
    expect(ru.language).toBe('ru');
    const enHits = await searchArticles(db, `when is my refund returned ${tag}`, { limit: 5 });
    expect(enHits[0].article.id).toBe(en.id);
    expect(enHits[0].coverage).toBeGreaterThan(0.5);
    const ruHits = await searchArticles(db, `когда вернут деньги ${tag}`, { limit: 5 });
    expect(ruHits[0].article.id).toBe(ru.id);
    expect(ruHits[0].coverage).toBeGreaterThan(0.5);
    const none = await searchArticles(db, 'the and of', { limit: 5 });
    expect(none).toEqual([]);
  });

  it('stores credentials hashed and bootstraps only once', async () => {
    const token = `op_${randomUUID()}`;
    const first = await bootstrapCredentials(db, { operatorToken: token, apiChannelKey: 'ck_test_api_channel_key' });
    expect(first.generatedOperatorToken).toBeUndefined();
    const { rows } = await db.query('SELECT token_hash FROM api_tokens');
    expect(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect(await verifyChannelKey(db, 'api', 'ck_test_api_channel_key')).toBe(true);
    expect(await verifyChannelKey(db, 'api', 'wrong')).toBe(false);
    const again = await bootstrapCredentials(db, {});
    expect(again).toEqual({});
    expect(await findOperatorByToken(db, 'nope')).toBeUndefined();
  });
});
