import type { Express } from 'express';

/**
 * The routes of the express app, read from its router stack (mounted routers included). Express 5's router
 * (`router` 2) keeps each layer's path pattern (`rawPath`) and offers a pure `match(path)`; walking the stack
 * with it finds the very route express will dispatch a request to, with express's own matching (case, trailing
 * slashes, decoding), so the authorization table can never disagree with the router about which route runs.
 */
interface RouteObject {
  path: string | string[];
  methods: Record<string, boolean>;
  _handlesMethod(method: string): boolean;
}
interface Layer {
  route?: RouteObject;
  rawPath?: string | string[];
  handle?: { stack?: Layer[] };
  match(path: string): false | { params: Record<string, string>; path: string; pattern?: string };
}

/** One route as registered: the method and the full path pattern (mount paths + route path). */
export interface RegisteredRoute {
  method: string;
  path: string;
  route: RouteObject;
}

const stackOf = (app: Express): Layer[] => (app as unknown as { router: { stack: Layer[] } }).router.stack;

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Every route registered on the app, in the order express tries them. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const route = layer.route;
        const methods = Object.keys(route.methods).filter((m) => m !== '_all').map((m) => m.toUpperCase());
        for (const path of ([] as string[]).concat(route.path)) for (const method of methods) routes.push({ method, path: join(prefix, path), route });
      } else if (layer.handle?.stack) {
        for (const mount of ([] as string[]).concat(layer.rawPath ?? '/')) walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk(stackOf(app), '');
  return routes;
}

/**
 * The route express will run for this method and path, and its path parameters; undefined when none matches
 * (404). Middleware without routes is assumed to pass the request on, as all of this app's do.
 */
export function routeFor(app: Express, method: string, path: string): { path: string; params: Record<string, string> } | undefined {
  const search = (stack: Layer[], rest: string, prefix: string, params: Record<string, string>): ReturnType<typeof routeFor> => {
    for (const layer of stack) {
      let match: ReturnType<Layer['match']>;
      try {
        match = layer.match(rest);
      } catch {
        continue; // a malformed escape: express answers 400 without running a route
      }
      if (!match) continue;
      if (layer.route) {
        if (layer.route._handlesMethod(method)) {
          return { path: join(prefix, match.pattern ?? String(layer.route.path)), params: { ...params, ...match.params } };
        }
      } else if (layer.handle?.stack) {
        // express's trimPrefix: the mount must end at a path separator
        const next = rest[match.path.length];
        if (match.path.length > 0 && (rest.slice(0, match.path.length) !== match.path || (next && next !== '/'))) continue;
        const inner = rest.slice(match.path.length);
        const found = search(
          layer.handle.stack, inner.startsWith('/') ? inner : `/${inner}`, join(prefix, match.pattern ?? '/'), { ...params, ...match.params },
        );
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(stackOf(app), path, '', {});
}

/** A route's key in the table: parameter names do not matter for which route it is. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:[A-Za-z0-9_]+/g, ':').toLowerCase()}`;
}
