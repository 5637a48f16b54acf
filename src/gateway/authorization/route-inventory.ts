import type { Express } from 'express';

/** One route as express registered it: the method and the full path pattern (mount paths + route path). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: string | string[];
  handle?: { stack?: Layer[] };
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * Every route registered on the app, in the order express tries them, found by walking the router stack
 * (mounted routers included). Regular-expression paths are not used in this app and are not listed.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = ([] as string[]).concat(layer.route.path);
        const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => m.toUpperCase());
        for (const path of paths) for (const method of methods) routes.push({ method, path: join(prefix, path) });
      } else if (layer.handle?.stack) {
        for (const mount of ([] as string[]).concat(layer.rawPath ?? '/')) walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

/** A route's key in the table: parameter names do not matter for which route it is. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:[A-Za-z0-9_]+/g, ':').toLowerCase()}`;
}
