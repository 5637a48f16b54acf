import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { isTransientDbError, sqlStateOfError } from '../db/pg-errors';
import { LinkRefused } from '../identity/link-service';
import { AttachmentRefused } from '../attachments/file-types';
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

interface ErrorAnswer {
  status: number;
  body: { code: string; message: string; details?: unknown };
}

/** Codes for the errors body-parser (and raw-body under it) raises while reading a body, by their `type`. */
const BODY_ERRORS: Record<string, (e: Record<string, unknown>) => ErrorAnswer> = {
  'entity.too.large': (e) => ({ status: 413, body: { code: 'body_too_large', message: `request body exceeds ${e.limit} bytes` } }),
  'entity.parse.failed': () => ({ status: 400, body: { code: 'malformed_json', message: 'request body is not valid JSON' } }),
  'charset.unsupported': (e) => ({
    status: 415, body: { code: 'unsupported_charset', message: `charset "${e.charset}" is not supported: send UTF-8` },
  }),
  'encoding.unsupported': (e) => ({
    status: 415,
    body: { code: 'unsupported_content_encoding', message: `Content-Encoding "${e.encoding}" is not supported: use gzip, deflate, br or none` },
  }),
  'request.aborted': () => ({ status: 400, body: { code: 'request_aborted', message: 'the request body was not sent completely' } }),
  'request.size.invalid': () => ({
    status: 400, body: { code: 'malformed_body', message: 'the request body does not match its Content-Length' },
  }),
};

/** PostgreSQL refusing a value from the request (bad UUID, a character it cannot store, too long). */
const INPUT_SQLSTATES = new Set(['22P02', '22021', '22P05', '22001']);

/** The status and body for any error a route or middleware raised. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) {
    return { status: error.status, body: { code: error.code, message: error.message, details: error.details } };
  }
  if (error instanceof AttachmentRefused) {
    return { status: error.status, body: { code: error.code, message: error.message, details: { file: error.fileName } } };
  }
  if (error instanceof IssueActionRefused || error instanceof LinkRefused) {
    return { status: 409, body: { code: 'refused', message: error.message } };
  }
  if (error instanceof WorkersUnavailable) return { status: 503, body: { code: 'workers_unavailable', message: error.message } };
  // Transport errors first: a client hanging up carries ECONNABORTED too, which is not a database outage.
  const e = (error ?? {}) as Record<string, unknown>;
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (known) return known(e);
  // Other client errors of body-parser and the router (http-errors with a 4xx status): a body that does not
  // decompress (zlib's own error, status set by body-parser), a path parameter that does not %-decode, ...
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status && status >= 400 && status < 500) {
    if (typeof e.code === 'string' && /^(Z_|ERR_BROTLI|ERR_ZSTD|ERR__ERROR)/.test(e.code)) {
      return { status: 400, body: { code: 'malformed_body', message: 'request body could not be decompressed as its Content-Encoding says' } };
    }
    if (typeof e.message === 'string' && e.message.startsWith('Failed to decode param')) {
      return { status: 400, body: { code: 'malformed_url', message: 'the request path holds a malformed %-escape' } };
    }
    return { status, body: { code: 'bad_request', message: e.expose === true && typeof e.message === 'string' ? e.message : 'bad request' } };
  }
  if (isTransientDbError(error)) {
    return { status: 503, body: { code: 'database_unavailable', message: 'the database is unavailable; retry later' } };
  }
  const state = sqlStateOfError(error);
  if (state && INPUT_SQLSTATES.has(state)) {
    return { status: 400, body: { code: 'invalid_request', message: 'a value in the request is not valid for what it names' } };
  }
  return { status: 500, body: { code: 'internal_error', message: 'internal error' } };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = errorAnswer(error);
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (status === 503) res.setHeader('Retry-After', '5');
    // abuse limits (src/abuse/limits.ts) say when the subject may try again
    if (status === 429) res.setHeader('Retry-After', String((body.details as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 60));
    res.status(status).json({ error: body });
  };
}
