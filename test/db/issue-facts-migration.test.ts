/**
 * The analytics facts table on an installation that already has issues: the migration fills a row per existing
 * issue from its events (calendar-time figures), the worker's catch-up adds the business-hours ones, and the
 * projection's refresh rewrites a row to the same values however often it runs. On the embedded database, so
 * `npm start`'s PGlite runs the same SQL as PostgreSQL (the known-answer test runs it on PostgreSQL).
 */
import { catchUpBusinessHours, refreshIssueFacts } from '../../src/analytics/facts/refresh-issue-facts';
import { summaryOf } from '../../src/analytics/definitions/analytics-queries';
import { summaryQuerySchema } from '../../src/analytics/definitions/query-params';
import { migrateUp } from '../../src/db/migrate';
import type { Db } from '../../src/db/pool';
import { ISSUE, insertScriptRows } from '../fixtures/analytics-known-answers';
import { embeddedMigratedUntil } from '../support/migrated-until';

const FACTS_MIGRATION = '1733600000400_issue-facts.sql';
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await embeddedMigratedUntil(FACTS_MIGRATION));
  await insertScriptRows((sql, params) => db.query(sql, params));
  await migrateUp(db);
}, 120_000);
afterAll(async () => {
  await close?.();
});

const summary = (from: string, to: string) => summaryOf(db, summaryQuerySchema.parse({ from, to }));

it('fills the facts of the issues already there, with the known answers', async () => {
  const s = await summary('2025-11-10T00:00:00Z', '2025-11-12T00:00:00Z');
  expect(s).toMatchObject({ issues: 8, automationRate: 0.25, handoffRate: 3 / 8, reopenRate: 0.4, resolved: 5, backlog: 1 });
  expect(s.firstResponseSeconds).toEqual({ median: 40, p90: expect.closeTo(156, 6) });
  expect(s.nextResponseSeconds).toEqual({ median: 900, p90: expect.closeTo(1428, 6) });
  // business hours come from the application's calendar code, not from the migration
  const friday = await summary('2025-11-14T00:00:00Z', '2025-11-15T00:00:00Z');
  expect(friday.firstResponseSeconds.median).toBe(228000);
  expect(friday.businessHours.firstResponseSeconds.median).toBeNull();
});

it('adds the business-hours figures in the catch-up, and a refresh rewrites the same row', async () => {
  expect(await catchUpBusinessHours(db)).toBe(Object.keys(ISSUE).length);
  expect(await catchUpBusinessHours(db)).toBe(0);
  const friday = await summary('2025-11-14T00:00:00Z', '2025-11-15T00:00:00Z');
  expect(friday.businessHours).toMatchObject({
    firstResponseSeconds: { median: 1200 }, nextResponseSeconds: { median: 1200, p90: 1680 }, resolutionSeconds: { median: 34200 },
  });

  const row = async () => (await db.query('SELECT * FROM issue_facts WHERE issue_id = $1', [ISSUE.E])).rows[0];
  const { refreshed_at: _first, ...before } = await row();
  await refreshIssueFacts(db, [ISSUE.E]);
  await refreshIssueFacts(db, [ISSUE.E]); // a retried projection
  const { refreshed_at: _second, ...after } = await row();
  expect(after).toEqual(before);
});
