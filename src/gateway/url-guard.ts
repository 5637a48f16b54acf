import type { RequestHandler } from 'express';
import { isStorableText } from '../domain/safe-text';
import { HttpError } from './http-errors';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

function unsafe(value: unknown): boolean {
  if (typeof value === 'string') return CONTROL.test(value) || !isStorableText(value);
  if (Array.isArray(value)) return value.some(unsafe);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => unsafe(k) || unsafe(v));
  return false;
}

/**
 * Refuses, before any route or credential check, a URL whose path does not decode (a malformed %-escape or
 * invalid UTF-8) or whose path or query holds a control character: no id or query parameter of this API may
 * carry one, and PostgreSQL cannot store a NUL.
 */
export const refuseUnsafeUrls: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    next(new HttpError(400, 'malformed_url', 'the request path holds a malformed %-escape or invalid UTF-8'));
    return;
  }
  if (unsafe(path) || unsafe(req.query)) {
    next(new HttpError(400, 'invalid_url', 'the request path or query holds a control character'));
    return;
  }
  next();
};
