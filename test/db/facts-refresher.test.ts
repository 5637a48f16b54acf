/**
 * The analytics facts refresher (src/analytics/facts/facts-refresher.ts): the projection marks each issue it
 * changed, and the refresher brings their facts up to date a batch at a time, off the turn's path. What it
 * promises: every stored change reaches the facts (also one stored while a pass runs, and after a pass that
 * failed), several refreshers share the work, and one issue PostgreSQL refuses never holds the others back or
 * gets retried forever. On the embedded database and, when the run has one, on PostgreSQL — there in a schema of
 * its own: the test systems of other files share that database, and their workers' refreshers would take these
 * marks.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { runner } from 'node-pg-migrate';

import { FactsRefresher, factsUpToDate } from '../../src/analytics/facts/facts-refresher';
import { applyProjection } from '../../src/db/issue-projection';
import type { Db } from '../../src/db/pool';
import type { Logger } from '../../src/observability/logger';
import type { ProjectionChange } from '../../activities/types';
import { MIGRATIONS_DIR, migrateUp } from '../../src/db/migrate';
import { databaseBackends, type Backend } from '../support/db-backends';

/** Opens and migrates the backend before the tests (`current.db`), closes it after. */
function migratedPrivately(backend: Backend): { db: Db } {
  const current = { db: undefined as unknown as Db };
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const opened = await privateBackend(backend).open();
    current.db = opened.db;
    close = opened.close;
    if (opened.embedded) await migrateUp(opened.db);
  }, 120_000);
  afterAll(() => close());
  return current;
}

/** PostgreSQL in a fresh schema of this file's own (migrated into it, dropped after); PGlite as it is. */
function privateBackend(backend: Backend): Backend {
  if (backend.name !== 'PostgreSQL server') return backend;
  return {
    name: backend.name,
    async open() {
      const url = process.env.DATABASE_URL!;
      const schema = `facts_refresher_${randomUUID().slice(0, 8)}`;
      const db = new Pool({ connectionString: url, options: `-c search_path=${schema}` });
      const client = await db.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
        await runner({
          dbClient: client, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'schema_migrations', schema,
          count: Infinity, log: () => undefined,
        });
      } finally {
        client.release();
      }
      return {
        db, url, embedded: false,
        close: async () => {
          await db.query(`DROP SCHEMA ${schema} CASCADE`);
          await db.end();
        },
      };
    },
  };
}

const quietLogger = () => {
  const lines: { level: string; message: string; issueId?: string }[] = [];
  const at = (level: string) => (obj: Record<string, unknown> | string, message?: string) => {
    lines.push({ level, message: typeof obj === 'string' ? obj : message ?? '', issueId: typeof obj === 'object' ? obj.issueId as string : undefined });
  };
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as unknown as Logger };
};

/** A new issue with one customer message answered `answerAfterS` seconds later, written as the projection does. */
async function answeredIssue(db: Db, answerAfterS = 30): Promise<string> {
  const issueId = randomUUID();
  const customerId = randomUUID();
  await db.query('INSERT INTO customers (id) VALUES ($1) ON CONFLICT DO NOTHING', [customerId]);
  const t0 = new Date(Date.now() - 3_600_000);
  const at = (s: number) => new Date(t0.getTime() + s * 1000).toISOString();
  const issue = (version: number): ProjectionChange['issue'] => ({
    issueId, customerId, status: 'open', channel: 'api', priority: 'normal', createdAt: at(0), version,
  });
  await applyProjection(db, `wf-${issueId}`, {
    issue: issue(1),
    messages: [{ id: `${issueId}:in:1`, direction: 'inbound', author: 'customer', channel: 'api', text: 'Hello', at: at(0) }],
    events: [{ eventId: `${issueId}:ev:1`, type: 'message_received', at: at(0) }],
  });
  await applyProjection(db, `wf-${issueId}`, {
    issue: { ...issue(2), status: 'waiting_customer' },
    events: [{ eventId: `${issueId}:ev:2`, type: 'message_sent', at: at(answerAfterS), data: { author: 'assistant' } }],
  });
  return issueId;
}

const facts = async (db: Db, id: string) =>
  (await db.query<{ first_response_seconds: number | null; business_done: boolean }>(
    'SELECT first_response_seconds, business_done FROM issue_facts WHERE issue_id = $1', [id])).rows[0];
const due = async (db: Db, ids: string[]) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_facts_due WHERE issue_id = ANY($1::uuid[])', [ids])).rows[0]!.n;

describe.each(databaseBackends())('on $name', (backend) => {
  const current = migratedPrivately(backend);

  afterEach(async () => {
    await current.db.query('DROP TRIGGER IF EXISTS refuse_facts ON issue_facts');
    await current.db.query('DROP FUNCTION IF EXISTS refuse_facts()');
  });

  it('brings the facts of every changed issue up to date, and the projection alone no longer does', async () => {
    const { db } = current;
    const ids = [await answeredIssue(db, 30), await answeredIssue(db, 45), await answeredIssue(db, 60)];
    expect(await due(db, ids)).toBe(3);
    expect(await facts(db, ids[0]!)).toBeUndefined();

    const refresher = new FactsRefresher(db, quietLogger().logger, { intervalMs: 60_000, batch: 2 });
    expect(await refresher.refreshDue()).toBeGreaterThanOrEqual(3);
    expect((await Promise.all(ids.map((id) => facts(db, id)))).map((f) => f?.first_response_seconds)).toEqual([30, 45, 60]);
    expect((await facts(db, ids[0]!))!.business_done).toBe(true);
    expect(await due(db, ids)).toBe(0);
  });

  it('keeps the marks of a pass that failed, and the next pass writes them', async () => {
    const { db } = current;
    const id = await answeredIssue(db, 20);
    // the database fails the facts write once (as an outage would, mid-pass)
    // (a sequence: its count survives the rollback of the failed pass)
    await db.query('DROP SEQUENCE IF EXISTS refuse_facts_once; CREATE SEQUENCE refuse_facts_once');
    await db.query(`CREATE FUNCTION refuse_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('refuse_facts_once') = 1 THEN
          RAISE EXCEPTION 'database restarting' USING ERRCODE = '57P03';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER refuse_facts BEFORE INSERT OR UPDATE ON issue_facts FOR EACH ROW EXECUTE FUNCTION refuse_facts()');
    const refresher = new FactsRefresher(db, quietLogger().logger, { intervalMs: 60_000 });
    await expect(refresher.refreshDue()).rejects.toThrow(/database restarting/);
    expect(await due(db, [id])).toBe(1); // rolled back with the failed write
    await refresher.refreshDue();
    expect((await facts(db, id))?.first_response_seconds).toBe(20);
    expect(await due(db, [id])).toBe(0);
  });

  it('does not lose a change stored while a pass runs', async () => {
    const { db } = current;
    const id = await answeredIssue(db, 10);
    // the pass takes its marks and holds them (as a slow refresh would) while the issue changes again
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const { customer_id: customerId } = (await db.query('SELECT customer_id FROM issues WHERE id = $1', [id])).rows[0];
    const client = await db.connect();
    let later: Promise<void>;
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM issue_facts_due WHERE issue_id = $1', [id]);
      later = applyProjection(db, `wf-${id}`, {
        issue: { issueId: id, customerId,
          status: 'resolved', channel: 'api', priority: 'normal', createdAt: new Date(Date.now() - 3_600_000).toISOString(), version: 3 },
        events: [{ eventId: `${id}:ev:3`, type: 'resolved', at: new Date().toISOString() }],
      });
      setTimeout(release, 200);
      await held;
      await client.query('COMMIT');
    } finally {
      client.release(); // (the embedded pool has one connection: the change waits for it)
    }
    await later;
    expect(await due(db, [id])).toBe(1); // marked again by the change the pass could not see
    await new FactsRefresher(db, quietLogger().logger, { intervalMs: 60_000 }).refreshDue();
    expect((await db.query('SELECT resolved_at IS NOT NULL AS resolved FROM issue_facts WHERE issue_id = $1', [id])).rows[0].resolved).toBe(true);
  });

  it('lets several refreshers share the work, each issue refreshed once', async () => {
    const { db } = current;
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) ids.push(await answeredIssue(db, 5 + i));
    const counted: number[] = [];
    const refreshers = [1, 2, 3].map(() => new FactsRefresher(db, quietLogger().logger,
      { intervalMs: 60_000, batch: 3, onRefreshed: (n) => counted.push(n) }));
    await Promise.all(refreshers.map((r) => r.refreshDue()));
    expect(counted.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12);
    expect(await due(db, ids)).toBe(0);
    expect((await Promise.all(ids.map((id) => facts(db, id)))).map((f) => f?.first_response_seconds)).toEqual(ids.map((_, i) => 5 + i));
  });

  it('unmarks an issue PostgreSQL refuses for good, logs it, and refreshes the others', async () => {
    const { db } = current;
    const good = await answeredIssue(db, 12);
    const bad = await answeredIssue(db, 13);
    await db.query(`CREATE FUNCTION refuse_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.issue_id = '${bad}' THEN RAISE EXCEPTION 'bad row' USING ERRCODE = '23514'; END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER refuse_facts BEFORE INSERT OR UPDATE ON issue_facts FOR EACH ROW EXECUTE FUNCTION refuse_facts()');
    const { lines, logger } = quietLogger();
    const refresher = new FactsRefresher(db, logger, { intervalMs: 60_000 });
    await refresher.refreshDue();
    expect((await facts(db, good))?.first_response_seconds).toBe(12);
    expect(await facts(db, bad)).toBeUndefined();
    expect(await due(db, [good, bad])).toBe(0); // not retried forever
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', issueId: bad }));
    expect(await refresher.refreshDue()).toBe(0);
  });

  it('brings the facts up to date before a figure is read (the analytics and experiment routes call it)', async () => {
    const { db } = current;
    const id = await answeredIssue(db, 33);
    await factsUpToDate(db, quietLogger().logger);
    expect((await facts(db, id))?.first_response_seconds).toBe(33);
  });

  it('lets a reader do a bounded part of a backlog (the background passes do the rest)', async () => {
    const { db } = current;
    await new FactsRefresher(db, quietLogger().logger, { intervalMs: 60_000 }).refreshDue();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await answeredIssue(db, 40 + i));
    expect(await new FactsRefresher(db, quietLogger().logger, { intervalMs: 60_000, batch: 2 }).refreshDue({ atMost: 2 })).toBe(2);
    expect(await due(db, ids)).toBe(3);
  });

  it('runs on its own until stopped', async () => {
    const { db } = current;
    const refresher = new FactsRefresher(db, quietLogger().logger, { intervalMs: 100 });
    refresher.start();
    try {
      const id = await answeredIssue(db, 7);
      const deadline = Date.now() + 10_000;
      while (!(await facts(db, id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await facts(db, id))?.first_response_seconds).toBe(7);
    } finally {
      await refresher.stop();
    }
  });
});
