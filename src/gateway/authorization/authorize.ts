import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { match, type MatchFunction } from 'path-to-regexp';
import type { Db } from '../../db/pool';
import type { Logger } from '../../observability/logger';
import type { Role } from '../../people/roles';
import { authenticate } from '../auth';
import { HttpError } from '../http-errors';
import { registeredRoutes, routeKey } from './route-inventory';
import { ROUTE_RULES, type RouteRule } from './route-rules';
import { inTeamScope } from './team-scope';

const ROLES = new Set<string>(['agent', 'supervisor', 'admin', 'integration']);

interface Entry {
  method: string;
  path: string;
  matches: MatchFunction<Partial<Record<string, string>>>;
  rule?: RouteRule;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The rule for each route, in express's own order; routes without a line in the table have none. */
export function ruleEntries(app: Express, rules: readonly RouteRule[] = ROUTE_RULES): Entry[] {
  const byKey = new Map(rules.map((rule) => [routeKey(rule[0], rule[1]), rule]));
  return registeredRoutes(app).map(({ method, path }) => ({
    method, path, rule: byKey.get(routeKey(method, path)),
    matches: match(path, { decode, end: true, trailing: true, sensitive: false }),
  }));
}

/**
 * Applies the route table (./route-rules.ts) to every request, before the route runs: finds the route express
 * will run, authenticates people and tokens and checks their role and team; credentials that a route checks
 * itself (channel key, visitor token, webhook secrets) are left to it. A route with no rule is refused.
 */
export function authorizeRoutes(app: Express, db: Db, logger: Logger): RequestHandler {
  let entries: Entry[] | undefined;
  return async (req: Request, res: Response, next: NextFunction) => {
    // Preflights carry no credentials and change nothing; HEAD runs the GET route.
    if (req.method === 'OPTIONS') return next();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    entries ??= ruleEntries(app);
    let found: { entry: Entry; params: Partial<Record<string, string>> } | undefined;
    for (const entry of entries) {
      if (entry.method !== method) continue;
      const matched = entry.matches(req.path);
      if (matched) {
        found = { entry, params: matched.params };
        break;
      }
    }
    if (!found) return next(); // no such route: 404 further on
    const rule = found.entry.rule;
    if (!rule) {
      logger.error({ method, route: found.entry.path }, 'route without an authorization rule refused: add it to src/gateway/authorization/route-rules.ts');
      throw new HttpError(403, 'no_authorization_rule', `${method} ${found.entry.path} has no authorization rule`);
    }
    const [, , who, scope] = rule;
    const roles = who.filter((caller) => ROLES.has(caller)) as Role[];
    if (roles.length === 0) return next(); // the route checks its own credential (or needs none)
    const operator = await authenticate(db, req, res);
    if (!roles.includes(operator.role)) throw new HttpError(403, 'forbidden', `this needs the ${roles.join(' or ')} role`);
    if (scope) {
      const id = found.params[scope === 'task' ? 'taskId' : 'issueId'];
      if (id === undefined) throw new Error(`rule ${rule[0]} ${rule[1]} is scoped to a ${scope} but the route has no :${scope}Id`);
      if (!(await inTeamScope(db, operator, scope, id))) {
        throw new HttpError(403, 'not_your_team', `this ${scope} belongs to a team you are not in`);
      }
    }
    next();
  };
}
