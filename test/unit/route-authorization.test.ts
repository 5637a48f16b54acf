/**
 * The authorization middleware refuses a route that has no line in the table (fail closed), finds routes
 * through mounted routers and lets credentials a route checks itself through.
 */
import express, { Router } from 'express';
import type { AddressInfo } from 'node:net';
import { authorizeRoutes, ruleEntries } from '../../src/gateway/authorization/authorize';
import { errorHandler } from '../../src/gateway/http-errors';
import type { Db } from '../../src/db/pool';
import { createLogger } from '../../src/observability/logger';

function appWith(routes: (app: express.Express) => void) {
  const app = express();
  const logger = createLogger('silent');
  // no database: none of these requests authenticates a person
  app.use(authorizeRoutes(app, {} as Db, logger));
  routes(app);
  app.use(errorHandler(logger));
  return app;
}

async function get(app: express.Express, path: string): Promise<{ status: number; body: any }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } finally {
    server.close();
  }
}

it('refuses a route that has no rule, and lets a public one through', async () => {
  const app = appWith((a) => {
    const router = Router();
    router.get('/not-in-the-table', (_req, res) => { res.json({ leaked: true }); });
    a.use('/api/v1', router);
    a.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  });
  const refused = await get(app, '/api/v1/not-in-the-table');
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('no_authorization_rule');
  expect(await get(app, '/healthz')).toEqual({ status: 200, body: { ok: true } });
});

it('lists routes of mounted routers with their full paths and rules', () => {
  const app = express();
  const inner = Router();
  inner.post(['/decode', '/encode'], (_req, res) => { res.end(); });
  const router = Router();
  router.use('/:accessKey', inner);
  app.use('/codec', router);
  app.get('/api/v1/tasks', (_req, res) => { res.end(); });
  expect(ruleEntries(app).map((e) => [e.method, e.path, e.rule?.[2]])).toEqual([
    ['POST', '/codec/:accessKey/decode', ['codec-key']],
    ['POST', '/codec/:accessKey/encode', ['codec-key']],
    ['GET', '/api/v1/tasks', ['agent', 'supervisor', 'admin']],
  ]);
});
