import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { requireOperator } from '../../gateway/auth';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { sqlStateOfError } from '../../db/pg-errors';
import { factsUpToDate } from '../facts/facts-refresher';
import { flatten, objectsToCsv } from '../csv/to-csv';
import { figuresOf } from '../definitions/figures';
import { breakdownOf, drillDownOf, summaryOf, timeseriesOf } from '../definitions/analytics-queries';
import { definitionsFor, type DefinitionLanguage } from '../definitions/definitions';
import { breakdownQuerySchema, drillDownQuerySchema, summaryQuerySchema, timeseriesQuerySchema } from '../definitions/query-params';

/** Supervisors and admins (the route table in src/gateway/authorization/route-rules.ts says the same). */
const SUPERVISORS = ['supervisor', 'admin'] as const;
const DEFAULT_PAGE = 50;
const JSON_PAGE_MAX = 500;

function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseWith(schema, query, 'query');
}

function sendCsv(res: Response, name: string, csv: string): void {
  res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="${name}.csv"`).send(csv);
}

/** `lang` of the query, else the best of Accept-Language (English when it names neither). */
function definitionLanguage(req: Request, q: { lang?: DefinitionLanguage }): DefinitionLanguage {
  return q.lang ?? (req.acceptsLanguages('en', 'ru') === 'ru' ? 'ru' : 'en');
}

const rangeOf = (q: { from: Date; to: Date }) => ({ from: q.from.toISOString(), to: q.to.toISOString() });

/** GET /api/v1/analytics/{summary,timeseries,breakdown,issues}: the figures of the event stream, JSON or CSV. */
export function analyticsRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const allowed = requireOperator(deps.db, SUPERVISORS);
  // every figure below reads the analytics facts: first those of the changes stored since the last refresh pass
  const current: RequestHandler = async (_req, _res, next) => {
    await factsUpToDate(deps.db, deps.logger);
    next();
  };

  router.get('/analytics/summary', allowed, current, async (req, res) => {
    const q = parseQuery(summaryQuerySchema, req.query);
    const figures = await summaryOf(deps.db, q);
    if (q.format === 'csv') return sendCsv(res, 'summary', objectsToCsv([{ ...rangeOf(q), ...figures }]));
    res.json({ ...rangeOf(q), ...figures, definitions: definitionsFor(q.automation, definitionLanguage(req, q)) });
  });

  router.get('/analytics/timeseries', allowed, current, async (req, res) => {
    const q = parseQuery(timeseriesQuerySchema, req.query);
    const points = await timeseriesOf(deps.db, q).catch((error: unknown) => {
      // a zone luxon knows but this PostgreSQL's tz database does not (22023 invalid_parameter_value)
      if (sqlStateOfError(error) === '22023') throw new HttpError(400, 'invalid_request', `query is invalid: PostgreSQL does not know the time zone ${q.tz}`);
      throw error;
    });
    if (q.format === 'csv') {
      return sendCsv(res, 'timeseries', objectsToCsv(points.map((p) => ({ start: p.start, local: p.local, ...p.values }))));
    }
    res.json({ ...rangeOf(q), bucket: q.bucket, tz: q.tz, metrics: q.metric, points, definitions: definitionsFor(q.automation, definitionLanguage(req, q)) });
  });

  router.get('/analytics/breakdown', allowed, current, async (req, res) => {
    const q = parseQuery(breakdownQuerySchema, req.query);
    const slices = await breakdownOf(deps.db, q);
    if (q.format === 'csv') {
      const rows = slices.map((s) => ({ [q.by]: s.value, ...s.figures }));
      const header = Object.keys(flatten({ [q.by]: null, ...figuresOf(q.automation, undefined, undefined, 0) }));
      return sendCsv(res, `breakdown-${q.by}`, objectsToCsv(rows, header));
    }
    res.json({ ...rangeOf(q), by: q.by, slices, definitions: definitionsFor(q.automation, definitionLanguage(req, q)) });
  });

  router.get('/analytics/issues', allowed, current, async (req, res) => {
    const q = parseQuery(drillDownQuerySchema, req.query);
    // a JSON page is small; a CSV export takes the whole list (up to 10,000 issues) unless a page is asked for
    const limit = q.limit ?? (q.format === 'csv' ? 10_000 : DEFAULT_PAGE);
    if (q.format === 'json' && limit > JSON_PAGE_MAX) {
      throw new HttpError(400, 'invalid_request', `query is invalid: limit may be at most ${JSON_PAGE_MAX} per JSON page (CSV: 10000)`);
    }
    const { total, issues } = await drillDownOf(deps.db, { ...q, limit });
    if (q.format === 'csv') return sendCsv(res, 'issues', objectsToCsv(issues, issues.length ? undefined : ISSUE_COLUMNS));
    const next = q.offset + issues.length;
    res.json({ ...rangeOf(q), figure: q.figure ?? null, total, limit, offset: q.offset, nextOffset: next < total ? next : null, issues });
  });
  return router;
}

/** the drill-down's columns, for an empty export that still has its header row */
const ISSUE_COLUMNS = [
  'issueId', 'createdAt', 'status', 'channel', 'category', 'priority', 'team', 'operator', 'language', 'handedOff', 'automated',
  'reopened', 'firstResponseSeconds', 'humanFirstResponseSeconds', 'resolutionSeconds', 'resolvedAt', 'csat', 'intent',
  'finalResolutionSeconds', 'nextResponses', 'longestNextResponseSeconds', 'businessFirstResponseSeconds',
  'businessResolutionSeconds',
];
