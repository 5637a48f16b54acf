import type { AutomationDefinition, Slice, SliceFilter } from './query-params';

/**
 * The SQL of the definitions (./definitions.ts), in one place. `issueFactsSql` is a WITH clause ending in
 * `facts`: one row per issue created in [$1, $2) (and matching the slice filter), with what every figure needs,
 * read from the event stream (issue_events) plus each issue's latest human task for team, operator, language.
 * Every query of the dashboard (summary, breakdown, timeseries, drill-down) aggregates `facts`.
 */

/** The SQL expression of each slice: issue columns, or the issue's latest human task (`t`). */
export const SLICE_COLUMN: Record<Slice, string> = {
  channel: 'i.channel',
  category: 'i.category',
  priority: 'i.priority',
  team: 't.team_id',
  operator: 'COALESCE(t.operator_id::text, i.assigned_operator_id::text)',
  language: 't.language',
};

/** Where clauses for a slice filter, numbered after the parameters already in `params`. */
export function sliceWhere(filter: SliceFilter, params: unknown[], columns: Record<Slice, string> = SLICE_COLUMN): string {
  const clauses: string[] = [];
  for (const [slice, value] of Object.entries(filter) as [Slice, string][]) {
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

/**
 * `params` gets from, to and the filter values. The events of the range's issues are read once (`ev`,
 * materialised) and aggregated in two passes: the first finds the moments (first customer message, escalation,
 * resolution, last assistant answer), the second the replies after them.
 */
export function issueFactsSql(range: { from: Date; to: Date }, filter: SliceFilter, params: unknown[]): string {
  params.push(range.from, range.to);
  const where = sliceWhere(filter, params);
  return `
  WITH scope AS MATERIALIZED (
    SELECT i.id, i.created_at, i.status, i.channel, i.category, i.priority,
      t.team_id AS team, ${SLICE_COLUMN.operator} AS operator, t.language, t.id IS NOT NULL AS has_task_row
    FROM issues i
    LEFT JOIN LATERAL (
      SELECT ht.id, ht.team_id, ht.operator_id, ht.language FROM human_tasks ht
      WHERE ht.issue_id = i.id ORDER BY ht.created_at DESC LIMIT 1
    ) t ON true
    WHERE i.created_at >= $1 AND i.created_at < $2${where}
  ),
  -- per issue through issue_events_issue_idx (OFFSET 0 keeps the planner from hashing the whole event table,
  -- which it preferred and which took most of the time over 1,000,000 events)
  ev AS MATERIALIZED (
    SELECT e.issue_id, e.type, e.created_at,
      CASE WHEN e.type = 'message_sent' THEN e.data->>'author' END AS author,
      CASE WHEN e.type = 'csat_received' THEN (e.data->>'score')::int END AS score
    FROM scope s CROSS JOIN LATERAL (SELECT * FROM issue_events x WHERE x.issue_id = s.id OFFSET 0) e
  ),
  moments AS (
    SELECT issue_id,
      min(created_at) FILTER (WHERE type = 'message_received') AS first_customer_at,
      min(created_at) FILTER (WHERE type = 'escalated') AS escalated_at,
      min(created_at) FILTER (WHERE type IN ('resolved', 'auto_closed')) AS resolved_at,
      min(created_at) FILTER (WHERE type IN ('resolved', 'auto_closed', 'closed')) AS closed_at,
      bool_or(type = 'reopened') AS reopened,
      max(created_at) FILTER (WHERE type = 'message_sent' AND author = 'assistant') AS last_answer_at,
      (array_agg(score ORDER BY created_at DESC) FILTER (WHERE type = 'csat_received' AND score BETWEEN 1 AND 5))[1] AS csat
    FROM ev GROUP BY issue_id
  ),
  replies AS (
    SELECT m.issue_id,
      min(ev.created_at) FILTER (WHERE ev.type = 'message_sent' AND ev.author IN ('assistant', 'operator')
        AND ev.created_at >= m.first_customer_at) AS first_reply_at,
      min(ev.created_at) FILTER (WHERE ev.type = 'message_sent' AND ev.author = 'operator'
        AND ev.created_at >= m.escalated_at) AS first_human_reply_at,
      min(ev.created_at) FILTER (WHERE ev.type = 'message_received' AND ev.created_at > m.last_answer_at) AS customer_after_answer_at
    FROM moments m JOIN ev ON ev.issue_id = m.issue_id GROUP BY m.issue_id
  ),
  facts AS (
    SELECT s.id, s.created_at, s.status, s.channel, s.category, s.priority, s.team, s.operator, s.language,
      (s.has_task_row OR m.escalated_at IS NOT NULL) AS has_task,
      COALESCE(m.reopened, false) AS reopened,
      m.closed_at, m.resolved_at, m.escalated_at, m.last_answer_at, r.customer_after_answer_at, m.csat,
      extract(epoch FROM r.first_reply_at - m.first_customer_at)::float8 AS first_response_seconds,
      extract(epoch FROM r.first_human_reply_at - m.escalated_at)::float8 AS human_first_response_seconds,
      extract(epoch FROM m.resolved_at - s.created_at)::float8 AS resolution_seconds
    FROM scope s LEFT JOIN moments m ON m.issue_id = s.id LEFT JOIN replies r ON r.issue_id = s.id
  )`;
}

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
    FROM human_tasks t JOIN issues i ON i.id = t.issue_id
    WHERE (
      (t.closed_at >= ${from} AND t.closed_at < ${to})
      OR EXISTS (SELECT 1 FROM issue_events b WHERE b.type = 'sla_breached' AND b.data->>'taskId' = t.id
                 AND b.created_at >= ${from} AND b.created_at < ${to})
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
  return `SELECT t.id, ${slices} FROM human_tasks t JOIN issues i ON i.id = t.issue_id
    WHERE t.created_at < ${at} AND (t.closed_at IS NULL OR t.closed_at >= ${at})${filterWhere}`;
}
