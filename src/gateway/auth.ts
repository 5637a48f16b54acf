import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { verifyChannelKey } from '../db/credentials';
import type { Db } from '../db/pool';
import { findOperatorByToken } from '../people/api-tokens';
import { findPerson, operatorOfPerson } from '../people/people-store';
import { STAFF, type Operator, type Role } from '../people/roles';
import { csrfTokenOf, useSession } from '../people/sessions';
import { HttpError } from './http-errors';

export { STAFF };

/** The console's session cookie (httpOnly; its value is a random token whose hash the database keeps). */
export const SESSION_COOKIE = 'sb_session';
export const CSRF_HEADER = 'X-CSRF-Token';

export function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function sessionTokenOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

export function operatorOf(res: Response): Operator {
  return res.locals.operator as Operator;
}

/** How the caller proved who they are: a console session cookie or a Bearer API token. */
export type CredentialKind = 'session' | 'token';
export function credentialOf(res: Response): CredentialKind | undefined {
  return res.locals.credential as CredentialKind | undefined;
}

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;
const wrap = (fn: Handler): RequestHandler => (req, res, next) => { fn(req, res, next).catch(next); };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is calling, from `Authorization: Bearer <API token>` or the `sb_session` cookie (once per request; the
 * result is kept in res.locals). A state-changing request that relies on the cookie must carry the session's
 * CSRF token in X-CSRF-Token: a browser sends cookies with cross-site requests, but no other site can read the
 * token or set the header.
 */
export async function authenticate(db: Db, req: Request, res: Response): Promise<Operator> {
  if (res.locals.operator) return res.locals.operator as Operator;
  const token = bearer(req);
  if (token) {
    const operator = await findOperatorByToken(db, token);
    if (!operator) throw new HttpError(401, 'unauthorized', 'unknown or revoked API token');
    res.locals.operator = operator;
    res.locals.credential = 'token';
    return operator;
  }
  const session = sessionTokenOf(req);
  if (!session) throw new HttpError(401, 'unauthorized', 'sign in (POST /api/v1/session) or send Authorization: Bearer <token>');
  const operatorId = await useSession(db, session);
  const person = operatorId ? await findPerson(db, operatorId) : undefined;
  if (!person) throw new HttpError(401, 'unauthorized', 'the session has ended: sign in again');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.header(CSRF_HEADER);
    if (!sent || !sameSecret(sent, csrfTokenOf(session))) {
      throw new HttpError(403, 'csrf_failed', `a request signed in by cookie must carry the session's ${CSRF_HEADER} header`);
    }
  }
  const operator = operatorOfPerson(person);
  res.locals.operator = operator;
  res.locals.credential = 'session';
  res.locals.sessionToken = session;
  return operator;
}

/** A signed-in person or an API token of one of the `allowed` roles. */
export function requireOperator(db: Db, allowed: Role | readonly Role[] = STAFF): RequestHandler {
  const roles: readonly Role[] = typeof allowed === 'string' ? [allowed] : allowed;
  return wrap(async (req, res, next) => {
    const operator = await authenticate(db, req, res);
    if (!roles.includes(operator.role)) throw new HttpError(403, 'forbidden', `this needs the ${roles.join(' or ')} role`);
    next();
  });
}

/** `Authorization: Bearer <channel key>` for a channel such as the API channel. */
export function requireChannelKey(db: Db, channel: string): RequestHandler {
  return wrap(async (req, _res, next) => {
    const key = bearer(req);
    if (!key) throw new HttpError(401, 'unauthorized', 'missing channel key (Authorization: Bearer <key>)');
    if (!(await verifyChannelKey(db, channel, key))) throw new HttpError(401, 'unauthorized', 'unknown channel key');
    next();
  });
}

export { wrap as asyncHandler };
