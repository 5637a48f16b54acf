import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { isTransientDbError } from '../db/pg-errors';
import { LinkRefused } from '../identity/link-service';
import { IssueActionRefused, WorkersUnavailable } from '../temporal/issue-service';
import type { Logger } from '../observability/logger';

/** An error with an HTTP status and a machine-readable code; the body is `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, 'invalid_request', `${what} is invalid: ${z.prettifyError(result.error)}`,
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status = 500;
    let body: { code: string; message: string; details?: unknown };
    if (error instanceof HttpError) {
      status = error.status;
      body = { code: error.code, message: error.message, details: error.details };
    } else if (error?.type === 'entity.too.large') {
      status = 413;
      body = { code: 'body_too_large', message: `request body exceeds ${error.limit} bytes` };
    } else if (error?.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'malformed_json', message: 'request body is not valid JSON' };
    } else if (error instanceof IssueActionRefused || error instanceof LinkRefused) {
      status = 409;
      body = { code: 'refused', message: error.message };
    } else if (error instanceof WorkersUnavailable) {
      status = 503;
      body = { code: 'workers_unavailable', message: error.message };
    } else if (isTransientDbError(error)) {
      // PostgreSQL restarting or out of reach: nothing was decided, the client may retry (same key, same id)
      status = 503;
      body = { code: 'database_unavailable', message: 'the database is not reachable right now; try again shortly' };
    } else {
      body = { code: 'internal_error', message: 'internal error' };
    }
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json({ error: body });
  };
}
