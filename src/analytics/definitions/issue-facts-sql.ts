import type { AutomationDefinition, Slice, SliceFilter } from './query-params';
import { NO_VALUE } from './query-params';

/**
 * The SQL of the dashboard's figures, in one place. The per-issue definitions (first response, resolution,
 * reopened, ...) are computed once per issue into the table issue_facts (SQL function issue_facts_of in
 * migrations/1733600000400_issue-facts.sql, business hours by src/analytics/facts/refresh-issue-facts.ts);
 * `issueFactsSql` is a WITH clause `facts` of the rows of the issues created in [$1, $2) matching the slice
 * filter, and every query of the dashboard (summary, breakdown, timeseries, drill-down) aggregates it.
 */

/** The SQL expression of each slice over `facts` (f). */
export const FACT_SLICE_COLUMN: Record<Slice, string> = {
  channel: 'f.channel',
  category: 'f.category',
  intent: 'f.intent',
  priority: 'f.priority',
  team: 'f.team',
  operator: 'f.operator',
  language: 'f.language',
};

/** The SQL expression of each slice of a human task (`t`), its issue (`i`) and the issue's facts (`x`). */
export const SLICE_COLUMN: Record<Slice, string> = {
  channel: 'i.channel',
  category: 'i.category',
  intent: 'x.intent',
  priority: 'i.priority',
  team: 't.team_id',
  operator: 'COALESCE(t.operator_id::text, i.assigned_operator_id::text)',
  language: 't.language',
};

/** A human task (t) with its issue (i) and the issue's facts (x), for the slice columns. */
export const TASK_WITH_ISSUE = 'human_tasks t JOIN issues i ON i.id = t.issue_id LEFT JOIN issue_facts x ON x.issue_id = t.issue_id';

/**
 * Where clauses for a slice filter, numbered after the parameters already in `params`; the value `none` asks
 * for the issues without one (no team, no operator).
 */
export function sliceWhere(filter: SliceFilter, params: unknown[], columns: Record<Slice, string> = SLICE_COLUMN): string {
  const clauses: string[] = [];
  for (const [slice, value] of Object.entries(filter) as [Slice, string][]) {
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

/** `params` gets from, to and the filter values: the facts rows of the issues created in [$1, $2). */
export function issueFactsSql(range: { from: Date; to: Date }, filter: SliceFilter, params: unknown[]): string {
  params.push(range.from, range.to);
  const where = sliceWhere(filter, params, FACT_SLICE_COLUMN);
  return `
  WITH facts AS (
    SELECT f.*, f.issue_id AS id FROM issue_facts f WHERE f.created_at >= $1 AND f.created_at < $2${where}
  )`;
}

/**
 * Next response times are many per issue: a CTE `name` with their median and p90 (calendar and business
 * hours) per value of `group` (an expression over `facts` f), as column `slice`.
 */
export function nextResponsesSql(group: string, name = 'next_responses'): string {
  const pct = (p: number, col: string) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY x.${col})`;
  return `${name} AS (
    SELECT ${group} AS slice,
      ${pct(0.5, 'cal')} AS next_response_median, ${pct(0.9, 'cal')} AS next_response_p90,
      ${pct(0.5, 'biz')} AS business_next_response_median, ${pct(0.9, 'biz')} AS business_next_response_p90,
      count(x.cal)::int AS next_responses
    FROM facts f CROSS JOIN LATERAL unnest(f.next_response_seconds, f.business_next_response_seconds) AS x(cal, biz)
    GROUP BY 1
  )`;
}

/** the columns of nextResponsesSql, to select after a join with it (aliased `n`) */
export const NEXT_RESPONSE_COLUMNS = 'n.next_response_median, n.next_response_p90, n.business_next_response_median, n.business_next_response_p90, n.next_responses';

/** The summary figures over `facts` (grouped or not), as SELECT expressions. */
export function figuresSql(automation: AutomationDefinition): string {
  const rate = (condition: string, over = 'true') =>
    `(count(*) FILTER (WHERE ${condition} AND ${over}))::float8 / NULLIF(count(*) FILTER (WHERE ${over}), 0)`;
  const pct = (p: number, col: string) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY f.${col})`;
  return `
    count(*)::int AS issues,
    ${rate(automatedSql(automation))} AS automation_rate,
    ${rate(automatedSql('switchboard'))} AS automation_switchboard,
    ${rate(automatedSql('silence24h'))} AS automation_silence24h,
    ${rate(automatedSql('silence72h'))} AS automation_silence72h,
    ${rate('f.has_task')} AS handoff_rate,
    ${rate('f.reopened', 'f.closed_at IS NOT NULL')} AS reopen_rate,
    ${pct(0.5, 'first_response_seconds')} AS first_response_median, ${pct(0.9, 'first_response_seconds')} AS first_response_p90,
    ${pct(0.5, 'human_first_response_seconds')} AS human_first_response_median,
    ${pct(0.9, 'human_first_response_seconds')} AS human_first_response_p90,
    ${pct(0.5, 'resolution_seconds')} AS resolution_median, ${pct(0.9, 'resolution_seconds')} AS resolution_p90,
    ${pct(0.5, 'final_resolution_seconds')} AS final_resolution_median, ${pct(0.9, 'final_resolution_seconds')} AS final_resolution_p90,
    ${pct(0.5, 'business_first_response_seconds')} AS business_first_response_median,
    ${pct(0.9, 'business_first_response_seconds')} AS business_first_response_p90,
    ${pct(0.5, 'business_human_first_response_seconds')} AS business_human_first_response_median,
    ${pct(0.9, 'business_human_first_response_seconds')} AS business_human_first_response_p90,
    ${pct(0.5, 'business_resolution_seconds')} AS business_resolution_median,
    ${pct(0.9, 'business_resolution_seconds')} AS business_resolution_p90,
    ${pct(0.5, 'business_final_resolution_seconds')} AS business_final_resolution_median,
    ${pct(0.9, 'business_final_resolution_seconds')} AS business_final_resolution_p90,
    count(f.resolved_at)::int AS resolved,
    avg(f.csat)::float8 AS csat_average, count(f.csat)::int AS csat_responses,
    (count(*) FILTER (WHERE f.csat >= 4))::float8 / NULLIF(count(f.csat), 0) AS csat_share_4_or_5`;
}

/**
 * SLA compliance over the tasks that closed or breached in [from, to): per task its breaches and its slice
 * values (the task's own team, operator, language; the issue's channel, category, priority).
 */
export function slaTasksSql(params: unknown[], range: { from: Date; to: Date }, filter: SliceFilter): string {
  params.push(range.from, range.to);
  const from = `$${params.length - 1}`;
  const to = `$${params.length}`;
  const where = sliceWhere(filter, params);
  const slices = Object.entries(SLICE_COLUMN).map(([slice, col]) => `${col} AS slice_${slice}`).join(', ');
  return `
    SELECT t.id, t.breached, ${slices}
    FROM ${TASK_WITH_ISSUE}
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

/** Human tasks open at instant `at` (an SQL expression), with their slice values; `filterWhere` from sliceWhere. */
export function backlogTasksSql(at: string, filterWhere: string): string {
  const slices = Object.entries(SLICE_COLUMN).map(([slice, col]) => `${col} AS slice_${slice}`).join(', ');
  return `SELECT t.id, ${slices} FROM ${TASK_WITH_ISSUE}
    WHERE t.created_at < ${at} AND (t.closed_at IS NULL OR t.closed_at >= ${at})${filterWhere}`;
}
