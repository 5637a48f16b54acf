/**
 * `npm run bench:analytics -- --database-url postgres://…/some_bench_db [--issues 100000] [--reps 3] [--reuse]`
 *
 * Fills a database of its own with generated support traffic — by default 100,000 issues of 10 events each,
 * 1,000,000 issue_events over 90 days, 30 % escalated (a human task each, 10 % of those breached), 2 % reopened —
 * with generate_series in SQL, then times each dashboard query (the functions behind the /api/v1/analytics
 * routes, so the very SQL the API runs) over a 7-day, a 30-day and the whole 90-day range, and prints a table of
 * median times, and beside them the PostgreSQL server's CPU time for each (./backend-cpu.ts: what the query costs,
 * whatever else the machine is doing), then the analytics facts as the migration backfills them. With --reuse
 * it times the traffic a previous run generated. It measures, it asserts nothing (it is not a test). Only rows it wrote itself
 * (workflow_id 'bench-…') are ever deleted; a database holding other issues is refused.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createPool, type Db } from '../src/db/pool';
import { migrateUp } from '../src/db/migrate';
import { catchUpBusinessHours } from '../src/analytics/facts/refresh-issue-facts';
import { BackendCpu } from './backend-cpu';
import { breakdownOf, drillDownOf, summaryOf, timeseriesOf } from '../src/analytics/definitions/analytics-queries';
import { breakdownQuerySchema, drillDownQuerySchema, summaryQuerySchema, timeseriesQuerySchema } from '../src/analytics/definitions/query-params';

const argsSchema = z.object({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  issues: z.coerce.number().int().min(100).max(1_000_000).default(100_000),
  reps: z.coerce.number().int().min(1).max(20).default(3),
  /** time the queries over the traffic a previous run generated (same --issues), without generating it again */
  reuse: z.boolean().default(false),
});

const BENCH_CUSTOMER = '0b0b0b0b-0000-4000-8000-00000000be0c';
/** an experiment the bench customer takes part in, so the variant breakdown has its join to do */
const BENCH_EXPERIMENT = '0b0b0b0b-0000-4000-8000-0000000e0e0e';
const DAYS = 90;

async function fill(db: Db, issues: number, end: Date): Promise<void> {
  const others = await db.query(`SELECT count(*)::int AS n FROM issues WHERE workflow_id NOT LIKE 'bench-%'`);
  if (others.rows[0].n > 0) throw new Error('this database holds issues the bench did not write: give it a database of its own');
  await db.query(`DELETE FROM issue_events WHERE id LIKE 'bench-%'`);
  await db.query(`DELETE FROM human_tasks WHERE id LIKE 'bench-%'`);
  await db.query(`DELETE FROM issues WHERE workflow_id LIKE 'bench-%'`);
  await db.query(`INSERT INTO customers (id, display_name) VALUES ($1, 'Bench customer') ON CONFLICT (id) DO NOTHING`, [BENCH_CUSTOMER]);
  await db.query(`INSERT INTO experiments (id, name, setting, variants, status, started_at, stopped_at)
    VALUES ($1, 'bench', 'greeting', '[{"name":"a","share":0.5,"value":""},{"name":"b","share":0.5,"value":""}]', 'stopped',
      $2::timestamptz - interval '${DAYS + 1} days', $2::timestamptz + interval '1 day')
    ON CONFLICT (id) DO UPDATE SET started_at = EXCLUDED.started_at, stopped_at = EXCLUDED.stopped_at`, [BENCH_EXPERIMENT, end]);
  await db.query(`INSERT INTO experiment_assignments (experiment_id, customer_id, variant) VALUES ($1, $2, 'a') ON CONFLICT DO NOTHING`,
    [BENCH_EXPERIMENT, BENCH_CUSTOMER]);
  // issue n: created evenly over DAYS days; n % 10 < 3 escalated, n % 50 = 0 reopened
  const created = `($2::timestamptz - interval '${DAYS} days' * (1 - n::float8 / $1))`;
  await db.query(`
    INSERT INTO issues (id, customer_id, workflow_id, status, channel, priority, category, created_at)
    SELECT md5('bench-issue-' || n)::uuid, $3, 'bench-' || n, CASE WHEN n % 10 < 3 THEN 'resolved' ELSE 'closed' END,
      (ARRAY['api', 'widget', 'telegram', 'whatsapp', 'email'])[1 + n % 5],
      (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + (n / 7) % 5],
      (ARRAY['billing', 'delivery', 'returns', 'account'])[1 + (n / 3) % 4], ${created}
    FROM generate_series(1, $1) n`, [issues, end, BENCH_CUSTOMER]);
  await db.query(`
    INSERT INTO human_tasks (id, issue_id, status, priority, reason, summary, operator_id, created_at, claimed_at,
      first_response_due_at, resolution_due_at, first_responded_at, closed_at, breached, team_id, language)
    SELECT 'bench-task-' || n, md5('bench-issue-' || n)::uuid, 'done', 'normal', 'low_confidence', 'bench', NULL,
      ${created} + interval '2 minutes', ${created} + interval '3 minutes', ${created} + interval '12 minutes',
      ${created} + interval '4 hours', ${created} + interval '5 minutes' + (n % 600) * interval '1 second',
      ${created} + interval '1 hour' + (n % 3600) * interval '1 second',
      CASE WHEN n % 100 < 3 THEN ARRAY['first_response'] ELSE ARRAY[]::text[] END,
      (ARRAY['billing', 'returns', 'tech'])[1 + n % 3], (ARRAY['en', 'ru'])[1 + n % 2]
    FROM generate_series(1, $1) n WHERE n % 10 < 3`, [issues, end]);
  // ten events per issue, in the order the workflow writes them
  await db.query(`
    INSERT INTO issue_events (id, issue_id, type, data, created_at)
    SELECT 'bench-' || n || ':' || e.k, md5('bench-issue-' || n)::uuid, e.type, e.data::jsonb, ${created} + e.after
    FROM generate_series(1, $1) n
    CROSS JOIN LATERAL (
      SELECT * FROM (VALUES
        (1, 'created', '{}', interval '0'), (2, 'message_received', '{}', interval '0'),
        (3, 'classified', '{}', interval '1 second'),
        (4, 'message_sent', '{"author":"assistant"}', interval '5 seconds' + (n % 55) * interval '1 second'),
        (5, 'message_received', '{}', interval '3 minutes'), (6, 'message_sent', '{"author":"assistant"}', interval '4 minutes'),
        (7, 'message_received', '{}', interval '10 minutes'), (8, 'message_sent', '{"author":"assistant"}', interval '11 minutes'),
        (9, CASE WHEN n % 50 = 0 THEN 'reopened' ELSE 'csat_requested' END, '{}', interval '12 minutes'),
        (10, 'auto_closed', '{}', interval '24 hours')
      ) automated(k, type, data, after) WHERE n % 10 >= 3
      UNION ALL
      SELECT * FROM (VALUES
        (1, 'created', '{}', interval '0'), (2, 'message_received', '{}', interval '0'),
        (3, 'message_sent', '{"author":"assistant"}', interval '20 seconds'),
        (4, 'escalated', '{"taskId":"bench-task-' || n || '"}', interval '2 minutes'),
        (5, 'message_sent', '{"author":"system"}', interval '2 minutes'),
        (6, CASE WHEN n % 100 < 3 THEN 'sla_breached' ELSE 'task_claimed' END, '{"taskId":"bench-task-' || n || '","kind":"first_response"}', interval '3 minutes'),
        (7, 'message_sent', '{"author":"operator"}', interval '5 minutes' + (n % 600) * interval '1 second'),
        (8, 'resolved', '{}', interval '1 hour' + (n % 3600) * interval '1 second'),
        (9, 'csat_requested', '{}', interval '1 hour 1 minute'),
        (10, 'csat_received', '{"score":' || (1 + n % 5) || '}', interval '1 hour 5 minutes')
      ) escalated(k, type, data, after) WHERE n % 10 < 3
    ) e`, [issues, end]);
  await db.query('ANALYZE issues; ANALYZE issue_events; ANALYZE human_tasks');
}

/**
 * The analytics facts of the generated issues, as the facts migration backfills them (batches of 5,000 through
 * refresh_issue_facts) and the worker then completes them (business hours); answers the seconds each took.
 */
async function fillFacts(db: Db): Promise<{ calendarSeconds: number; businessSeconds: number }> {
  const started = Date.now();
  await db.query(`
    SELECT count(*) FROM (SELECT refresh_issue_facts(array_agg(id)) FROM (
      SELECT id, (row_number() OVER (ORDER BY id) - 1) / 5000 AS batch FROM issues WHERE workflow_id LIKE 'bench-%'
    ) b GROUP BY batch) written`);
  const calendarDone = Date.now();
  await catchUpBusinessHours(db);
  await db.query('ANALYZE issue_facts');
  return { calendarSeconds: (calendarDone - started) / 1000, businessSeconds: (Date.now() - calendarDone) / 1000 };
}

async function median(reps: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm the cache: a dashboard is looked at more than once
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return middle(times);
}

const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The median PostgreSQL CPU ms of `work` (it runs on cpu.db), or '–' when the server is not on this machine. */
async function medianCpu(cpu: BackendCpu, reps: number, work: (db: Db) => Promise<unknown>): Promise<string> {
  if (!cpu.available) return '–';
  await work(cpu.db);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push((await cpu.measure(() => work(cpu.db)))!);
  return middle(times).toFixed(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, issues: { type: 'string' }, reps: { type: 'string' }, reuse: { type: 'boolean' } } });
  const args = argsSchema.parse({ databaseUrl: values['database-url'] ?? process.env.DATABASE_URL, issues: values.issues, reps: values.reps, reuse: values.reuse });
  const db = createPool(args.databaseUrl, { max: 2 });
  const cpu = new BackendCpu(args.databaseUrl);
  try {
    await migrateUp(db);
    const previous = (await db.query(`SELECT count(*)::int AS n, max(created_at) AS last FROM issue_facts WHERE issue_id IN
      (SELECT id FROM issues WHERE workflow_id LIKE 'bench-%')`)).rows[0] as { n: number; last: Date | null };
    let end = new Date();
    if (args.reuse && previous.n === args.issues && previous.last) {
      end = previous.last;
      console.log(`reusing the ${previous.n} generated issues (newest ${end.toISOString()})`);
    } else {
      const started = Date.now();
      await fill(db, args.issues, end);
      const events = (await db.query(`SELECT count(*)::int AS n FROM issue_events WHERE id LIKE 'bench-%'`)).rows[0].n;
      console.log(`filled ${args.issues} issues, ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const facts = await fillFacts(db);
      console.log(`issue facts: ${facts.calendarSeconds.toFixed(1)} s (as the migration backfills), business hours ${facts.businessSeconds.toFixed(1)} s`);
    }
    await cpu.open();
    const rows: string[][] = [];
    for (const days of [7, 30, DAYS]) {
      const range = { from: new Date(end.getTime() - days * 86_400_000).toISOString(), to: end.toISOString() };
      const queries: [string, (on: Db) => Promise<unknown>][] = [
        ['summary', (on) => summaryOf(on, summaryQuerySchema.parse(range))],
        ['summary silence72h', (on) => summaryOf(on, summaryQuerySchema.parse({ ...range, automation: 'silence72h' }))],
        ['timeseries day Europe/Moscow (all metrics)', (on) => timeseriesOf(on, timeseriesQuerySchema.parse({ ...range, tz: 'Europe/Moscow' }))],
        ['timeseries hour (issues, backlog)', (on) => timeseriesOf(on, timeseriesQuerySchema.parse({ ...range, bucket: 'hour', metric: 'issues,backlog' }))],
        ['breakdown channel', (on) => breakdownOf(on, breakdownQuerySchema.parse({ ...range, by: 'channel' }))],
        ['breakdown team', (on) => breakdownOf(on, breakdownQuerySchema.parse({ ...range, by: 'team' }))],
        ['breakdown variant', (on) => breakdownOf(on, breakdownQuerySchema.parse({ ...range, by: 'variant' }))],
        ['issues (first page of 50)', (on) => drillDownOf(on, { ...drillDownQuerySchema.parse({ ...range, figure: 'handed_off' }), limit: 50 })],
      ];
      for (const [name, work] of queries) {
        rows.push([`${days} d`, name, (await median(args.reps, () => work(db))).toFixed(0), await medianCpu(cpu, args.reps, work)]);
      }
    }
    console.log(`\n| range | query | median ms (${args.reps} runs after a warm-up) | PostgreSQL CPU ms (one connection, no parallel workers) |`);
    console.log('| --- | --- | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await db.end();
    await cpu.db.end();
  }
}

main().catch((error) => {
  console.error(error instanceof z.ZodError ? z.prettifyError(error) : error);
  process.exit(1);
});
