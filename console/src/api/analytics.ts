import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, authHeaders, credentials } from './client';

/** The analytics API's answers (src/analytics on the server; rates 0..1 or null, durations in seconds). */
export type AutomationDefinition = 'switchboard' | 'silence24h' | 'silence72h';
/** `variant` values are "<experimentId>:<variant>" */
export type Slice = 'channel' | 'category' | 'priority' | 'team' | 'operator' | 'language' | 'variant';
/** the time figures counted in calendar time or in business hours (the issue's business calendar) */
export type Hours = 'calendar' | 'business';
export type DrillFigure = 'automated' | 'handed_off' | 'reopened' | 'resolved' | 'rated';

interface Spread { median: number | null; p90: number | null }
export interface Figures {
  issues: number;
  automationRate: number | null;
  handoffRate: number | null;
  reopenRate: number | null;
  firstResponseSeconds: Spread;
  humanFirstResponseSeconds?: Spread;
  resolutionSeconds: Spread;
  nextResponseSeconds: Spread;
  nextResponses: number;
  businessHours: { firstResponseSeconds: Spread; nextResponseSeconds: Spread; resolutionSeconds: Spread };
  csat: { average: number | null; responses: number; share4or5: number | null };
  slaCompliance: number | null;
  slaTasks?: number;
  backlog?: number;
}
/** verdicts of the quality review (src/review): all, and the random sample alone */
export interface AssistantAccuracy {
  reviewed: number; correct: number; share: number | null; harmful: number;
  sampled: { reviewed: number; correct: number; share: number | null };
}
export type Summary = Figures & { definitions: Record<string, string>; assistantAccuracy?: AssistantAccuracy };
export interface TimeseriesPoint { start: string; local: string; values: Record<string, number | null> }
export interface BreakdownSlice { value: string | null; figures: Figures }
export interface DrillIssue {
  issueId: string; createdAt: string; status: string; channel: string; category: string | null; priority: string;
  handedOff: boolean; automated: boolean; reopened: boolean; resolutionSeconds: number | null; csat: number | null;
}

/** What every view of the screen shares: the range, the automation definition and the slice filters. */
export interface AnalyticsScope {
  from: Date;
  to: Date;
  automation: AutomationDefinition;
  channel?: string;
}

export function analyticsQuery(scope: AnalyticsScope, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const query = new URLSearchParams({ from: scope.from.toISOString(), to: scope.to.toISOString(), automation: scope.automation });
  if (scope.channel) query.set('channel', scope.channel);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) query.set(key, value);
  return query;
}

const get = <T,>(view: string, query: URLSearchParams) => api<T>('GET', `/analytics/${view}?${query}`);
// a new range keeps the previous charts on screen until the new figures arrive
const options = { placeholderData: keepPreviousData, staleTime: 30_000 } as const;

export const useSummary = (scope: AnalyticsScope) => useQuery({
  ...options, queryKey: ['analytics', 'summary', scope], queryFn: () => get<Summary>('summary', analyticsQuery(scope)),
});

export const useTimeseries = (scope: AnalyticsScope, bucket: 'hour' | 'day', tz: string) => useQuery({
  ...options,
  queryKey: ['analytics', 'timeseries', scope, bucket, tz],
  queryFn: () => get<{ points: TimeseriesPoint[] }>('timeseries', analyticsQuery(scope, { bucket, tz, metric: 'issues,automationRate' })),
});

export const useBreakdown = (scope: AnalyticsScope, by: Slice) => useQuery({
  ...options, queryKey: ['analytics', 'breakdown', scope, by],
  queryFn: () => get<{ slices: BreakdownSlice[] }>('breakdown', analyticsQuery(scope, { by })),
});

/** The issues behind a figure (or behind a slice, with its filter), a page of 50. */
export const useDrillDown = (scope: AnalyticsScope, figure: DrillFigure | undefined, filter: Record<string, string>, offset: number, enabled = true) => useQuery({
  ...options, enabled,
  queryKey: ['analytics', 'issues', scope, figure, filter, offset],
  queryFn: () => get<{ total: number; nextOffset: number | null; issues: DrillIssue[] }>(
    'issues', analyticsQuery(scope, { ...filter, figure, limit: '50', offset: String(offset) })),
});

/** The same query as CSV: the server writes it; a plain link carries the session cookie. */
export const csvHref = (view: string, query: URLSearchParams): string => {
  const csv = new URLSearchParams(query);
  csv.set('format', 'csv');
  csv.delete('limit');
  csv.delete('offset');
  return `/api/v1/analytics/${view}?${csv}`;
};

/** An API-token session has no cookie: fetch the CSV with the token and hand the browser a blob to save. */
export async function downloadWithToken(href: string, filename: string): Promise<void> {
  const response = await fetch(href, { headers: authHeaders(), credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const usesToken = (): boolean => Boolean(credentials.token);
