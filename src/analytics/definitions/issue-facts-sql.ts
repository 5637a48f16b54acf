import type { AutomationDefinition, Slice, SliceFilter } from './query-params';
import { NO_VALUE } from './query-params';

/**
 * The SQL of the dashboard's figures, in one place. The per-issue definitions (first response, resolution,
 * reopened, ...) are computed once per issue into the table issue_facts (SQL function issue_facts_of in
 * migrations/1733600000400_issue-facts.sql, business hours by src/analytics/facts/refresh-issue-facts.ts);
 * `issueFactsSql` is a WITH clause `facts` of the rows of the issues created in [$1, $2) matching the slice
 * filter, and every query of the dashboard (summary, breakdown, timeseries, drill-down) aggregates it.
 */

/** A variant slice's value, "<experimentId>:<variant>", of assignment `a` (the SwitchboardExperiment search attribute's form). */
const VARIANT_VALUE = "a.experiment_id::text || ':' || a.variant";

/** An issue (its customer, creation time and channel) takes part in experiment `e` through assignment `a`. */
const inExperiment = (customer: string, createdAt: string, channel: string) => `a.customer_id = ${customer}
      AND e.started_at <= ${createdAt} AND (e.stopped_at IS NULL OR ${createdAt} < e.stopped_at)
      AND (e.channel IS NULL OR e.channel = ${channel})`;

/**
 * The experiment variants ("<experimentId>:<variant>") an issue counts for, as a SELECT of column `variant`:
 * its customer's assignments to the experiments that ran when it was created, on its channel (or every channel)
 * — the issues an experiment's own results count (src/experiments/experiment-results.ts).
 */
const variantsOfIssue = (customer: string, createdAt: string, channel: string) =>
  `SELECT ${VARIANT_VALUE} AS variant FROM experiment_assignments a JOIN experiments e ON e.id = a.experiment_id
    WHERE ${inExperiment(customer, createdAt, channel)}`;

/**
 * The variant slice is many values per issue: filtered with EXISTS over variantsOfIssue, grouped by through a
 * join that gives a row per issue and variant (one with nulls for an issue in none). A join rather than a
 * subquery per row: over a quarter's issues PostgreSQL hashes it, four times faster (bench/analytics.ts).
 */
const VARIANT = 'variant';

/** The SQL expression of each slice over `facts` (f); for `variant`, the SELECT of its values. */
export const FACT_SLICE_COLUMN: Record<Slice, string> = {
  channel: 'f.channel',
  category: 'f.category',
  intent: 'f.intent',
  priority: 'f.priority',
  team: 'f.team',
  operator: 'f.operator',
  language: 'f.language',
  variant: variantsOfIssue('(SELECT ci.customer_id FROM issues ci WHERE ci.id = f.issue_id)', 'f.created_at', 'f.channel'),
};

/** The SQL expression of each slice of a human task (`t`), its issue (`i`) and the issue's facts (`x`); `variant` as above. */
export const SLICE_COLUMN: Record<Slice, string> = {
  channel: 'i.channel',
  category: 'i.category',
  intent: 'x.intent',
  priority: 'i.priority',
  team: 't.team_id',
  operator: 'COALESCE(t.operator_id::text, i.assigned_operator_id::text)',
  language: 't.language',
  variant: variantsOfIssue('i.customer_id', 'i.created_at', 'i.channel'),
};

/** the joins that give issue_facts (f) a row per variant of its issue: the variant is VARIANT_VALUE */
const FACT_VARIANT_JOIN = ` LEFT JOIN (issues vi JOIN experiment_assignments a ON a.customer_id = vi.customer_id
      JOIN experiments e ON e.id = a.experiment_id) ON vi.id = f.issue_id AND ${inExperiment('vi.customer_id', 'f.created_at', 'f.channel')}`;
/** the same for a task's issue (i) */
const TASK_VARIANT_JOIN = ` LEFT JOIN (experiment_assignments a JOIN experiments e ON e.id = a.experiment_id)
      ON ${inExperiment('i.customer_id', 'i.created_at', 'i.channel')}`;

/** The expression to group by: a slice's column, or the joined variant (TASK_VARIANT_JOIN). */
export const groupColumn = (slice: Slice, columns: Record<Slice, string>): string => (slice === VARIANT ? VARIANT_VALUE : columns[slice]);

/**
 * Human tasks (t), with their issue (i) and its facts (x) when a slice filter or grouping needs their columns
 * (a join the planner cannot drop costs a scan of the issues).
 */
export function tasksFrom(filter: SliceFilter, groupBy?: Slice): string {
  if (Object.keys(filter).length === 0 && !groupBy) return 'human_tasks t';
  const from = 'human_tasks t JOIN issues i ON i.id = t.issue_id LEFT JOIN issue_facts x ON x.issue_id = t.issue_id';
  return groupBy === VARIANT ? from + TASK_VARIANT_JOIN : from;
}

/**
 * Where clauses for a slice filter, numbered after the parameters already in `params`; the value `none` asks
 * for the issues without one (no team, no operator).
 */
export function sliceWhere(filter: SliceFilter, params: unknown[], columns: Record<Slice, string> = SLICE_COLUMN): string {
  const clauses: string[] = [];
  for (const [slice, value] of Object.entries(filter) as [Slice, string][]) {
    if (slice === VARIANT) {
      if (value !== NO_VALUE) params.push(value);
      clauses.push(value === NO_VALUE ? `NOT EXISTS (${columns.variant})`
        : `EXISTS (SELECT 1 FROM (${columns.variant}) sv WHERE sv.variant = $${params.length})`);
      continue;
    }
    if (value === NO_VALUE) {
      clauses.push(`${columns[slice]} IS NULL`);
      continue;
    }
    params.push(value);
    clauses.push(`${columns[slice]} = $${params.length}`);
  }
  return clauses.map((c) => ` AND ${c}`).join('');
}

const SILENCE: Record<Exclude<AutomationDefinition, 'switchboard'>, string> = { silence24h: '24 hours', silence72h: '72 hours' };

/** The per-issue automation test under each definition, over the columns of `facts`. */
export function automatedSql(definition: AutomationDefinition): string {
  if (definition === 'switchboard') return '(f.closed_at IS NOT NULL AND NOT f.has_task AND NOT f.reopened)';
  return `(NOT f.has_task AND f.last_answer_at IS NOT NULL
    AND COALESCE(f.customer_after_answer_at, now()) - f.last_answer_at >= interval '${SILENCE[definition]}')`;
}

/** the columns of issue_facts the figures and the drill-down read */
const FACT_COLUMNS = [
  'created_at', 'channel', 'category', 'intent', 'priority', 'team', 'operator', 'language', 'has_task', 'reopened',
  'csat', 'resolved_at', 'closed_at', 'last_answer_at', 'customer_after_answer_at', 'first_response_seconds',
  'human_first_response_seconds', 'resolution_seconds', 'final_resolution_seconds', 'next_response_seconds',
  'business_first_response_seconds', 'business_human_first_response_seconds', 'business_resolution_seconds',
  'business_final_resolution_seconds', 'business_next_response_seconds',
].map((c) => `f.${c}`).join(', ');

/**
 * `params` gets from, to and the filter values: the facts rows of the issues created in [$1, $2). Grouped by
 * variant, a row per issue and variant, with column `variant` (group by `f.variant`).
 */
export function issueFactsSql(range: { from: Date; to: Date }, filter: SliceFilter, params: unknown[], groupBy?: Slice): string {
  params.push(range.from, range.to);
  const where = sliceWhere(filter, params, FACT_SLICE_COLUMN);
  const variant = groupBy === VARIANT ? { column: `, ${VARIANT_VALUE} AS variant`, join: FACT_VARIANT_JOIN } : { column: '', join: '' };
  // read again by each part of a query rather than materialised: a copy of the rows costs more than a scan
  return `
  WITH facts AS NOT MATERIALIZED (
    SELECT ${FACT_COLUMNS}, f.issue_id AS id${variant.column} FROM issue_facts f${variant.join}
    WHERE f.created_at >= $1 AND f.created_at < $2${where}
  )`;
}

/**
 * Next response times are many per issue: a CTE `name` with their median and p90 (calendar and business
 * hours) per value of `group` (an expression over `facts` f), as column `slice`.
 */
export function nextResponsesSql(group: string, name = 'next_responses'): string {
  const pct = (col: string) => `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY x.${col})`;
  return `${name} AS (
    SELECT ${group} AS slice,
      ${pct('cal')} AS next_response, ${pct('biz')} AS business_next_response,
      count(x.cal)::int AS next_responses
    FROM facts f CROSS JOIN LATERAL unnest(f.next_response_seconds, f.business_next_response_seconds) AS x(cal, biz)
    GROUP BY 1
  )`;
}

/** the columns of nextResponsesSql, to select after a join with it (aliased `n`) */
export const NEXT_RESPONSE_COLUMNS = 'n.next_response, n.business_next_response, n.next_responses';

/** The summary figures over `facts` (grouped or not), as SELECT expressions; without the durations' percentiles when `durations` is false. */
export function figuresSql(automation: AutomationDefinition, durations = true): string {
  const rate = (condition: string, over = 'true') =>
    `(count(*) FILTER (WHERE ${condition} AND ${over}))::float8 / NULLIF(count(*) FILTER (WHERE ${over}), 0)`;
  // median and p90 from one sort: an array [median, p90]
  const pct = (col: string) => `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.${col})`;
  // the medians sort every duration column: left out when nobody asked for them (a time series of counts)
  const percentiles = !durations ? '' : `
    ${pct('first_response_seconds')} AS first_response,
    ${pct('human_first_response_seconds')} AS human_first_response,
    ${pct('resolution_seconds')} AS resolution,
    ${pct('final_resolution_seconds')} AS final_resolution,
    ${pct('business_first_response_seconds')} AS business_first_response,
    ${pct('business_human_first_response_seconds')} AS business_human_first_response,
    ${pct('business_resolution_seconds')} AS business_resolution,
    ${pct('business_final_resolution_seconds')} AS business_final_resolution,`;
  return `
    count(*)::int AS issues,
    ${rate(automatedSql(automation))} AS automation_rate,
    ${rate(automatedSql('switchboard'))} AS automation_switchboard,
    ${rate(automatedSql('silence24h'))} AS automation_silence24h,
    ${rate(automatedSql('silence72h'))} AS automation_silence72h,
    ${rate('f.has_task')} AS handoff_rate,
    ${rate('f.reopened', 'f.closed_at IS NOT NULL')} AS reopen_rate,
    ${percentiles}
    count(f.resolved_at)::int AS resolved,
    avg(f.csat)::float8 AS csat_average, count(f.csat)::int AS csat_responses,
    (count(*) FILTER (WHERE f.csat >= 4))::float8 / NULLIF(count(f.csat), 0) AS csat_share_4_or_5`;
}

/**
 * SLA compliance over the tasks that closed or breached in [from, to): per task its breaches and its slice
 * values (the task's own team, operator, language; the issue's channel, category, priority).
 */
export function slaTasksSql(params: unknown[], range: { from: Date; to: Date }, filter: SliceFilter, groupBy?: Slice): string {
  params.push(range.from, range.to);
  const from = `$${params.length - 1}`;
  const to = `$${params.length}`;
  const where = sliceWhere(filter, params);
  return `
    SELECT t.id, t.breached${groupBy ? `, ${groupColumn(groupBy, SLICE_COLUMN)} AS slice` : ''}
    FROM ${tasksFrom(filter, groupBy)}
    WHERE t.id IN (
      -- two index look-ups (closing time; breach events by time) rather than a test of every task
      SELECT c.id FROM human_tasks c WHERE c.closed_at >= ${from} AND c.closed_at < ${to}
      UNION SELECT b.data->>'taskId' FROM issue_events b
        WHERE b.type = 'sla_breached' AND b.created_at >= ${from} AND b.created_at < ${to}
    )${where}`;
}

export const SLA_FIGURES_SQL = `
    count(*)::int AS sla_tasks,
    (count(*) FILTER (WHERE cardinality(s.breached) = 0))::float8 / NULLIF(count(*), 0) AS sla_compliance,
    (count(*) FILTER (WHERE NOT 'first_response' = ANY(s.breached)))::float8 / NULLIF(count(*), 0) AS sla_first_response,
    (count(*) FILTER (WHERE NOT 'next_response' = ANY(s.breached)))::float8 / NULLIF(count(*), 0) AS sla_next_response,
    (count(*) FILTER (WHERE NOT 'resolution' = ANY(s.breached)))::float8 / NULLIF(count(*), 0) AS sla_resolution`;

/** Human tasks open at instant `at` (an SQL expression), with the slice value they are grouped by. */
export function backlogTasksSql(at: string, params: unknown[], filter: SliceFilter, groupBy?: Slice): string {
  const filterWhere = sliceWhere(filter, params);
  return `SELECT t.id${groupBy ? `, ${groupColumn(groupBy, SLICE_COLUMN)} AS slice` : ''} FROM ${tasksFrom(filter, groupBy)}
    WHERE t.created_at < ${at} AND (t.closed_at IS NULL OR t.closed_at >= ${at})${filterWhere}`;
}
