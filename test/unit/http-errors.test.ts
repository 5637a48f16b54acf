/**
 * What a request gets when PostgreSQL is away (restarting, failing over): 503 with Retry-After, like a missing
 * worker, so clients retry; never a 500 (seen on every route during the PostgreSQL restart of the fault-injection
 * run). A statement PostgreSQL refuses for good is not an outage and stays a 500.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorHandler } from '../../src/gateway/http-errors';
import { createLogger } from '../../src/observability/logger';

const failures: Record<string, () => Error> = {
  refused: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  terminated: () => new Error('Connection terminated unexpectedly'),
  'shutting-down': () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  'unique-violation': () => Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/fail/:kind', (req) => {
    throw failures[req.params.kind]();
  });
  app.use(errorHandler(createLogger('silent')));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it.each(['refused', 'terminated', 'shutting-down'])('answers 503 with Retry-After when the database is away (%s)', async (kind) => {
  const res = await fetch(`${base}/fail/${kind}`);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(await res.json()).toEqual({ error: expect.objectContaining({ code: 'database_unavailable' }) });
});

it('keeps a statement refused for good a 500', async () => {
  const res = await fetch(`${base}/fail/unique-violation`);
  expect(res.status).toBe(500);
});
