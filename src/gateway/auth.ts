import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findOperatorByToken, verifyChannelKey, type Operator, type Role } from '../db/credentials';
import type { Db } from '../db/pool';
import { HttpError } from './http-errors';

function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function operatorOf(res: Response): Operator {
  return res.locals.operator as Operator;
}

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;
const wrap = (fn: Handler): RequestHandler => (req, res, next) => { fn(req, res, next).catch(next); };

/** The people who handle issues (an integration token is not one of them). */
export const STAFF: readonly Role[] = ['admin', 'operator'];

/** `Authorization: Bearer <operator token>` of one of the `allowed` roles; tokens are stored hashed. */
export function requireOperator(db: Db, allowed: Role | readonly Role[] = STAFF): RequestHandler {
  const roles: readonly Role[] = typeof allowed === 'string' ? [allowed] : allowed;
  return wrap(async (req, res, next) => {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'missing operator token (Authorization: Bearer <token>)');
    const operator = await findOperatorByToken(db, token);
    if (!operator) throw new HttpError(401, 'unauthorized', 'unknown operator token');
    if (!roles.includes(operator.role)) throw new HttpError(403, 'forbidden', `this needs the ${roles.join(' or ')} role`);
    res.locals.operator = operator;
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
