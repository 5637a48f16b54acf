import { IANAZone } from 'luxon';
import { z } from 'zod';

/** The longest range one request may cover: a year and a bit, so "this year vs. last" still fits. */
export const MAX_RANGE_DAYS = 400;

export const AUTOMATION_DEFINITIONS = ['switchboard', 'silence24h', 'silence72h'] as const;
export type AutomationDefinition = (typeof AUTOMATION_DEFINITIONS)[number];

/**
 * The slices a breakdown groups by and a drill-down filters on. `variant` is "<experimentId>:<variant>" (as the
 * SwitchboardExperiment search attribute): an issue in two experiments counts in a slice of each.
 */
export const SLICES = ['channel', 'category', 'intent', 'priority', 'team', 'operator', 'language', 'variant'] as const;
export type Slice = (typeof SLICES)[number];
export type SliceFilter = Partial<Record<Slice, string>>;
/** A slice filter's value for the issues without one (no team, no operator): the breakdown's `null` slice. */
export const NO_VALUE = 'none';

/** Which issues behind a figure the drill-down lists. */
export const DRILL_FIGURES = ['automated', 'handed_off', 'reopened', 'resolved', 'rated'] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

export const TIMESERIES_METRICS = [
  'issues', 'automationRate', 'handoffRate', 'reopenRate', 'firstResponseMedian', 'humanFirstResponseMedian',
  'resolutionMedian', 'csatAverage', 'csatResponses', 'backlog', 'resolved', 'nextResponseMedian', 'finalResolutionMedian',
  'businessFirstResponseMedian', 'businessNextResponseMedian', 'businessResolutionMedian',
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

const instant = (name: string) => z.iso.datetime({ offset: true, message: `${name} must be an ISO 8601 date-time with a zone, e.g. 2026-11-01T00:00:00Z` })
  .transform((s) => new Date(s));
const sliceValue = z.string().min(1).max(200).optional();

const rangeShape = {
  from: instant('from'),
  to: instant('to'),
  format: z.enum(['json', 'csv']).default('json'),
  automation: z.enum(AUTOMATION_DEFINITIONS).default('switchboard'),
  /** the language of the definitions' sentences; Accept-Language when absent */
  lang: z.enum(['en', 'ru']).optional(),
  ...Object.fromEntries(SLICES.map((s) => [s, sliceValue])) as Record<Slice, typeof sliceValue>,
};

/** from < to, within MAX_RANGE_DAYS. */
function validRange(q: { from: Date; to: Date }, ctx: z.RefinementCtx): void {
  // zod runs object checks after a field's format failed too (the field's issue is already reported)
  if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
  if (q.from.getTime() >= q.to.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  else if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may cover at most ${MAX_RANGE_DAYS} days` });
  }
}

export const summaryQuerySchema = z.object(rangeShape).superRefine(validRange);

export const breakdownQuerySchema = z.object({ ...rangeShape, by: z.enum(SLICES) }).superRefine(validRange);

export const timeseriesQuerySchema = z.object({
  ...rangeShape,
  bucket: z.enum(['hour', 'day', 'week']).default('day'),
  tz: z.string().max(64).default('UTC').refine((tz) => IANAZone.isValidZone(tz), { message: 'tz must be an IANA time zone, e.g. Europe/Moscow' }),
  /** one metric or a comma-separated list; all when absent */
  metric: z.string().optional().transform((m, ctx) => {
    if (m === undefined) return [...TIMESERIES_METRICS];
    const names = m.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = names.filter((n) => !(TIMESERIES_METRICS as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({ code: 'custom', message: `unknown metric ${unknown.join(', ') || '(empty)'}; one of ${TIMESERIES_METRICS.join(', ')}` });
      return z.NEVER;
    }
    return names as TimeseriesMetric[];
  }),
}).superRefine(validRange);

export const drillDownQuerySchema = z.object({
  ...rangeShape,
  figure: z.enum(DRILL_FIGURES).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
}).superRefine(validRange);

export type SummaryQuery = z.infer<typeof summaryQuerySchema>;
export type BreakdownQuery = z.infer<typeof breakdownQuerySchema>;
export type TimeseriesQuery = z.infer<typeof timeseriesQuerySchema>;
export type DrillDownQuery = z.infer<typeof drillDownQuerySchema>;

export function sliceFilterOf(q: Partial<Record<Slice, string | undefined>>): SliceFilter {
  return Object.fromEntries(SLICES.filter((s) => q[s] !== undefined).map((s) => [s, q[s]!]));
}
