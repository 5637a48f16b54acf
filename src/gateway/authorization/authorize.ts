import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../../db/pool';
import type { Logger } from '../../observability/logger';
import type { Role } from '../../people/roles';
import { authenticate } from '../auth';
import { HttpError } from '../http-errors';
import { registeredRoutes, routeFor, routeKey, type RegisteredRoute } from './route-inventory';
import { ROUTE_RULES, type RouteRule } from './route-rules';
import { inTeamScope } from './team-scope';

const ROLES = new Set<string>(['agent', 'supervisor', 'admin', 'integration']);

export interface RuleEntry extends RegisteredRoute {
  rule?: RouteRule;
}

/** The rule for each route, in express's own order; routes without a line in the table have none. */
export function ruleEntries(app: Express, rules: readonly RouteRule[] = ROUTE_RULES): RuleEntry[] {
  const byKey = new Map(rules.map((rule) => [routeKey(rule[0], rule[1]), rule]));
  return registeredRoutes(app).map((route) => ({ ...route, rule: byKey.get(routeKey(route.method, route.path)) }));
}

/**
 * Applies the route table (./route-rules.ts) to every request, before the route runs: finds the route express
 * will run, authenticates people and tokens and checks their role and team; credentials that a route checks
 * itself (channel key, visitor token, webhook secrets) are left to it. A route with no rule is refused.
 */
export function authorizeRoutes(app: Express, db: Db, logger: Logger): RequestHandler {
  const byKey = new Map(ROUTE_RULES.map((rule) => [routeKey(rule[0], rule[1]), rule]));
  return async (req: Request, res: Response, next: NextFunction) => {
    // Preflights carry no credentials and change nothing; HEAD runs the GET route.
    if (req.method === 'OPTIONS') return next();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const found = routeFor(app, req.method, req.path);
    if (!found) return next(); // no such route: 404 further on
    const rule = byKey.get(routeKey(method, found.path));
    if (!rule) {
      const route = `${method} ${found.path}`;
      logger.error({ route }, 'route without an authorization rule refused: add it to src/gateway/authorization/route-rules.ts');
      throw new HttpError(403, 'no_authorization_rule', `${route} has no authorization rule`);
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
