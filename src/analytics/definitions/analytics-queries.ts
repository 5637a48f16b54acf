import type { Db } from '../../db/pool';
import { analyticsQuery } from './analytics-db';
import { assistantAccuracyOf, type AssistantAccuracy } from './assistant-accuracy';
import { figuresOf, type Figures } from './figures';
import {
  FACT_SLICE_COLUMN, NEXT_RESPONSE_COLUMNS, SLA_FIGURES_SQL, automatedSql, backlogTasksSql, figuresSql,
  issueFactsSql, nextResponsesSql, slaTasksSql, sliceWhere, tasksFrom,
} from './issue-facts-sql';
import {
  sliceFilterOf, type AutomationDefinition, type BreakdownQuery, type DrillDownQuery, type Slice, type SliceFilter,
  type SummaryQuery, type TimeseriesMetric, type TimeseriesQuery,
} from './query-params';

type Range = { from: Date; to: Date };

async function issueFigures(db: Db, range: Range, filter: SliceFilter, automation: AutomationDefinition, groupBy?: Slice) {
  const params: unknown[] = [];
  const facts = issueFactsSql(range, filter, params, groupBy);
  // grouped by variant, facts carries the joined variant as a column of its own
  const group = groupBy ? (groupBy === 'variant' ? 'f.variant' : FACT_SLICE_COLUMN[groupBy]) : 'NULL::text';
  const sql = `${facts}, ${nextResponsesSql(group)}
  SELECT g.*, ${NEXT_RESPONSE_COLUMNS}
  FROM (SELECT ${group} AS slice, ${figuresSql(automation)} FROM facts f GROUP BY 1) g
  LEFT JOIN next_responses n ON n.slice IS NOT DISTINCT FROM g.slice`;
  return analyticsQuery(db, sql, params);
}

async function slaFigures(db: Db, range: Range, filter: SliceFilter, groupBy?: Slice) {
  const params: unknown[] = [];
  const tasks = slaTasksSql(params, range, filter, groupBy);
  const group = groupBy ? 's.slice' : undefined;
  const sql = `SELECT ${group ? `${group} AS slice, ` : ''}${SLA_FIGURES_SQL} FROM (${tasks}) s${group ? ` GROUP BY ${group}` : ''}`;
  return analyticsQuery(db, sql, params);
}

async function backlogCounts(db: Db, at: Date, filter: SliceFilter, groupBy?: Slice) {
  const params: unknown[] = [at];
  const tasks = backlogTasksSql('$1', params, filter, groupBy);
  const group = groupBy ? 'b.slice' : undefined;
  const sql = `SELECT ${group ? `${group} AS slice, ` : ''}count(*)::int AS backlog FROM (${tasks}) b${group ? ` GROUP BY ${group}` : ''}`;
  return (await analyticsQuery(db, sql, params)) as { slice?: string | null; backlog: number }[];
}

/** GET /analytics/summary: the figures of the issues created in the range. */
export async function summaryOf(db: Db, q: SummaryQuery): Promise<Figures & { assistantAccuracy: AssistantAccuracy }> {
  const filter = sliceFilterOf(q);
  const [issues, sla, backlog, assistantAccuracy] = await Promise.all([
    issueFigures(db, q, filter, q.automation), slaFigures(db, q, filter), backlogCounts(db, q.to, filter),
    assistantAccuracyOf(db, q, filter),
  ]);
  return { ...figuresOf(q.automation, issues[0], sla[0], backlog[0]?.backlog ?? 0), assistantAccuracy };
}

/** GET /analytics/breakdown: the summary figures per value of one slice (null: issues without one, e.g. no task). */
export async function breakdownOf(db: Db, q: BreakdownQuery): Promise<{ value: string | null; figures: Figures }[]> {
  const filter = sliceFilterOf(q);
  const [issues, sla, backlog] = await Promise.all([
    issueFigures(db, q, filter, q.automation, q.by), slaFigures(db, q, filter, q.by), backlogCounts(db, q.to, filter, q.by),
  ]);
  const key = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const values = new Set<string | null>([...issues, ...sla, ...backlog].map((r) => key(r.slice)));
  const find = <R extends { slice?: unknown }>(rows: R[], v: string | null) => rows.find((r) => key(r.slice) === v);
  return [...values]
    .map((value) => ({ value, figures: figuresOf(q.automation, find(issues, value), find(sla, value), find(backlog, value)?.backlog ?? 0) }))
    .sort((a, b) => b.figures.issues - a.figures.issues || String(a.value).localeCompare(String(b.value)));
}

export interface TimeseriesPoint {
  /** the bucket's start as an instant (UTC ISO) and as the viewer's wall-clock time */
  start: string;
  local: string;
  values: Record<string, number | null>;
}

/**
 * GET /analytics/timeseries: per bucket of the viewer's calendar (date_trunc of the local time), the figures of
 * the issues created in it, and the backlog at the bucket's end. Buckets with no issue are listed too.
 */
export async function timeseriesOf(db: Db, q: TimeseriesQuery): Promise<TimeseriesPoint[]> {
  const filter = sliceFilterOf(q);
  const params: unknown[] = [];
  const facts = issueFactsSql(q, filter, params);
  params.push(q.tz);
  const tz = `$${params.length}::text`;
  const step = `interval '1 ${q.bucket}'`;
  const backlogWhere = sliceWhere(filter, params);
  const localStart = `date_trunc('${q.bucket}', f.created_at AT TIME ZONE ${tz})`;
  // only the parts the asked-for metrics need: the console's chart of counts and rates sorts no durations
  const wants = (metrics: readonly TimeseriesMetric[]) => q.metric.some((m) => metrics.includes(m));
  const nextResponses = wants(['nextResponseMedian', 'businessNextResponseMedian']);
  const backlog = wants(['backlog']);
  const durations = wants(['firstResponseMedian', 'humanFirstResponseMedian', 'resolutionMedian', 'finalResolutionMedian',
    'businessFirstResponseMedian', 'businessResolutionMedian']);
  const parts = [`buckets AS (
    SELECT b AS local_start, b AT TIME ZONE ${tz} AS start_at
    FROM generate_series(date_trunc('${q.bucket}', $1::timestamptz AT TIME ZONE ${tz}),
                         ($2::timestamptz AT TIME ZONE ${tz}) - interval '1 microsecond', ${step}) b
  )`, `grouped AS (SELECT ${localStart} AS local_start, ${figuresSql(q.automation, durations)} FROM facts f GROUP BY 1)`];
  if (nextResponses) parts.push(nextResponsesSql(localStart));
  if (backlog) {
    // at each bucket's end (or the range's end): the tasks open at the range's start, plus those created, minus
    // those closed, in the buckets up to it (a task closed exactly at a bucket's end is still open then)
    parts.push(`range_tasks AS (
    SELECT t.created_at, t.closed_at FROM ${tasksFrom(filter)}
    WHERE t.created_at < $2 AND (t.closed_at IS NULL OR t.closed_at >= $1)${backlogWhere}
  ),
  changes AS (
    SELECT date_trunc('${q.bucket}', created_at AT TIME ZONE ${tz}) AS local_start, 1 AS delta FROM range_tasks WHERE created_at >= $1
    UNION ALL
    SELECT date_trunc('${q.bucket}', closed_at AT TIME ZONE ${tz}), -1 FROM range_tasks WHERE closed_at < $2
  ),
  backlog AS (
    SELECT b.local_start,
      ((SELECT count(*) FROM range_tasks WHERE created_at < $1)
        + sum(COALESCE(c.delta, 0)) OVER (ORDER BY b.local_start))::int AS backlog
    FROM buckets b LEFT JOIN (SELECT local_start, sum(delta) AS delta FROM changes GROUP BY 1) c ON c.local_start = b.local_start
  )`);
  }
  const sql = `${facts}, ${parts.join(',\n  ')}
  SELECT to_char(b.local_start, 'YYYY-MM-DD"T"HH24:MI:SS') AS local, b.start_at, g.*
    ${nextResponses ? `, ${NEXT_RESPONSE_COLUMNS}` : ''}${backlog ? ', k.backlog' : ''}
  FROM buckets b LEFT JOIN grouped g ON g.local_start = b.local_start
  ${nextResponses ? 'LEFT JOIN next_responses n ON n.slice = b.local_start' : ''}
  ${backlog ? 'JOIN backlog k ON k.local_start = b.local_start' : ''}
  ORDER BY b.local_start`;
  const rows = (await analyticsQuery(db, sql, params)) as Record<string, unknown>[];
  return rows.map((r) => {
    const f = figuresOf(q.automation, r.issues === null ? undefined : r, undefined, Number(r.backlog ?? 0));
    // every metric the query may name (the type says so)
    const all: Record<TimeseriesMetric, number | null> = {
      issues: f.issues, automationRate: f.automationRate, handoffRate: f.handoffRate, reopenRate: f.reopenRate,
      firstResponseMedian: f.firstResponseSeconds.median, humanFirstResponseMedian: f.humanFirstResponseSeconds.median,
      resolutionMedian: f.resolutionSeconds.median, csatAverage: f.csat.average, csatResponses: f.csat.responses,
      backlog: f.backlog, resolved: f.resolved, nextResponseMedian: f.nextResponseSeconds.median,
      finalResolutionMedian: f.finalResolutionSeconds.median,
      businessFirstResponseMedian: f.businessHours.firstResponseSeconds.median,
      businessNextResponseMedian: f.businessHours.nextResponseSeconds.median,
      businessResolutionMedian: f.businessHours.resolutionSeconds.median,
    };
    return {
      start: (r.start_at as Date).toISOString(), local: String(r.local),
      values: Object.fromEntries(q.metric.map((m) => [m, all[m] ?? null])),
    };
  });
}

export interface DrillDownIssue {
  issueId: string;
  createdAt: string;
  status: string;
  channel: string;
  category: string | null;
  priority: string;
  team: string | null;
  operator: string | null;
  language: string | null;
  handedOff: boolean;
  automated: boolean;
  reopened: boolean;
  firstResponseSeconds: number | null;
  humanFirstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  resolvedAt: string | null;
  csat: number | null;
  intent: string | null;
  finalResolutionSeconds: number | null;
  /** how many later customer turns got a reply, and the slowest of those replies */
  nextResponses: number;
  longestNextResponseSeconds: number | null;
  businessFirstResponseSeconds: number | null;
  businessResolutionSeconds: number | null;
}

const FIGURE_WHERE: Record<string, (automation: AutomationDefinition) => string> = {
  automated: (a) => automatedSql(a),
  handed_off: () => 'f.has_task',
  reopened: () => 'f.reopened',
  resolved: () => 'f.resolved_at IS NOT NULL',
  rated: () => 'f.csat IS NOT NULL',
};

/** GET /analytics/issues: the issues behind a figure, oldest first, a page at a time. */
export async function drillDownOf(db: Db, q: DrillDownQuery & { limit: number }): Promise<{ total: number; issues: DrillDownIssue[] }> {
  const params: unknown[] = [];
  const facts = issueFactsSql(q, sliceFilterOf(q), params);
  const where = q.figure ? FIGURE_WHERE[q.figure]!(q.automation) : 'true';
  params.push(q.limit, q.offset);
  const sql = `${facts},
  picked AS (SELECT f.*, ${automatedSql(q.automation)} AS automated FROM facts f WHERE ${where})
  SELECT c.total, p.* FROM (SELECT count(*)::int AS total FROM picked) c
  LEFT JOIN LATERAL (
    SELECT pk.*, i.status, cardinality(pk.next_response_seconds) AS next_responses,
      (SELECT max(x) FROM unnest(pk.next_response_seconds) x) AS longest_next_response_seconds
    FROM (SELECT * FROM picked ORDER BY created_at, id LIMIT $${params.length - 1} OFFSET $${params.length}) pk
    JOIN issues i ON i.id = pk.id ORDER BY pk.created_at, pk.id
  ) p ON true`;
  const rows = await analyticsQuery(db, sql, params);
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    total: rows[0]?.total ?? 0,
    issues: rows.filter((r) => r.id !== null).map((r) => ({
      issueId: r.id, createdAt: iso(r.created_at)!, status: r.status, channel: r.channel, category: r.category,
      priority: r.priority, team: r.team, operator: r.operator, language: r.language, handedOff: r.has_task,
      automated: r.automated, reopened: r.reopened, firstResponseSeconds: r.first_response_seconds,
      humanFirstResponseSeconds: r.human_first_response_seconds, resolutionSeconds: r.resolution_seconds,
      resolvedAt: iso(r.resolved_at), csat: r.csat, intent: r.intent, finalResolutionSeconds: r.final_resolution_seconds,
      nextResponses: r.next_responses, longestNextResponseSeconds: r.longest_next_response_seconds,
      businessFirstResponseSeconds: r.business_first_response_seconds, businessResolutionSeconds: r.business_resolution_seconds,
    })),
  };
}
