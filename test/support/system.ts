/**
 * The whole system for integration tests: the real gateway (HTTP on loopback), a real worker with the real
 * activities, the shared Temporal dev server and the test database (real PostgreSQL in CI, embedded otherwise).
 */
import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { ChannelServer } from '../../src/channels/channel-module';
import { loadConfig, type AppConfig } from '../../src/config';
import { bootstrapCredentials, createOperator } from '../../src/db/credentials';
import { migrateUp } from '../../src/db/migrate';
import { DEFAULT_CALENDAR_ID, DEFAULT_SLA_POLICY_ID, adoptSupportPolicy } from '../../src/db/sla';
import { createPool, type Db } from '../../src/db/pool';
import { createLogger } from '../../src/observability/logger';
import { SupportMetrics } from '../../src/observability/metrics';
import { startGateway } from '../../src/runtime/gateway-server';
import type { GatewayDependencies } from '../../src/gateway/dependencies';
import { startSupportWorker } from '../../src/runtime/support-worker';
import { connectTemporalClient } from '../../src/temporal/connection';
import { temporalAddress, uniqueTaskQueue, workflowBundlePath } from './temporal';

/** Every test file uses the same API channel key (there is one per installation). */
export const TEST_API_CHANNEL_KEY = 'ck_test_api_channel_key';
/** The Bearer token Prometheus would send for /metrics (METRICS_TOKEN). */
export const TEST_METRICS_TOKEN = 'mt_test_metrics_token';

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through jest (global setup provides a database)');
  return url;
}

export function isEmbeddedTestDatabase(): boolean {
  return process.env.SWITCHBOARD_DB_KIND === 'pglite';
}

/** A database of the test's own instead of the shared one (e.g. an embedded PostgreSQL it stops and starts). */
export interface TestDatabase {
  url: string;
  embedded: boolean;
}

export async function openTestDb(database: TestDatabase = { url: testDatabaseUrl(), embedded: isEmbeddedTestDatabase() }): Promise<Db> {
  const db = createPool(database.url, { embedded: database.embedded, max: 4 });
  await migrateUp(db);
  return db;
}

export interface TestSystem {
  url: string;
  /** the gateway's express app (to list its routes) */
  app: Express;
  db: Db;
  config: AppConfig;
  /** the gateway's Temporal client */
  client: Client;
  adminToken: string;
  operatorToken: string;
  operatorId: string;
  secondOperatorToken: string;
  /** a token of role `integration`, as the company's CRM pushes with */
  integrationToken: string;
  apiKey: string;
  metrics: SupportMetrics;
  /** listeners of channels (e.g. the SMTP server), with the ports they bound */
  listeners: ChannelServer[];
  /** starts the worker again after stopWorker() */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
  api(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
}

export async function startTestSystem(
  env: Record<string, string> = {},
  options: { worker?: boolean; database?: TestDatabase; onOperatorStatusChanged?: GatewayDependencies['onOperatorStatusChanged'] } = {},
): Promise<TestSystem> {
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: options.database?.url ?? testDatabaseUrl(),
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('it'),
    API_CHANNEL_KEY: TEST_API_CHANNEL_KEY,
    // parallel test files make workers slow, not absent
    OPERATOR_ACTION_WAIT_MS: '20000',
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...env,
  });
  const db = await openTestDb(options.database);
  // abuse-limit counters live in the database and outlast a run: each system starts from zero
  await db.query('DELETE FROM rate_limits');
  await bootstrapCredentials(db, { apiChannelKey: TEST_API_CHANNEL_KEY });
  // SLA clocks count on the seeded default policy, which takes this system's SUPPORT_POLICY as `npm start` does
  // (tests of the admin API may have edited it: each system starts as a fresh installation would)
  await db.query('UPDATE sla_policies SET is_default = false WHERE is_default AND id <> $1', [DEFAULT_SLA_POLICY_ID]);
  await db.query(
    'UPDATE sla_policies SET is_default = true, edited_at = NULL, calendar_id = $2, warning_share = 0.8 WHERE id = $1',
    [DEFAULT_SLA_POLICY_ID, DEFAULT_CALENDAR_ID],
  );
  await adoptSupportPolicy(db, config.policy);
  const admin = await createOperator(db, { name: 'Test admin', role: 'admin' });
  const operator = await createOperator(db, { name: 'Anna', role: 'operator' });
  const second = await createOperator(db, { name: 'Boris', role: 'operator' });
  const integration = await createOperator(db, { name: 'Test CRM', role: 'integration' });
  const metrics = new SupportMetrics();
  const logger = createLogger(config.logLevel); // silent unless the test asks for LOG_LEVEL
  const client = await connectTemporalClient(config.temporal, config.temporal.address!, config.dataConverter);
  const gateway = await startGateway(config, {
    db, client, metrics, logger, databaseKind: 'test', onOperatorStatusChanged: options.onOperatorStatusChanged,
  });
  let worker: Awaited<ReturnType<typeof startSupportWorker>> | undefined;
  const system: TestSystem = {
    url: gateway.url,
    app: gateway.app,
    db,
    client,
    config,
    adminToken: admin.token,
    operatorToken: operator.token,
    operatorId: operator.operator.id,
    secondOperatorToken: second.token,
    integrationToken: integration.token,
    apiKey: TEST_API_CHANNEL_KEY,
    metrics,
    listeners: gateway.listeners,
    async startWorker() {
      // a second worker would replace the first in `worker`, and nobody would stop the first: it keeps polling after
      // the tests and jest never exits
      if (worker) throw new Error('the test system already runs a worker (startTestSystem starts one unless worker: false)');
      worker = await startSupportWorker(config, config.temporal.address!, db, metrics, logger, workflowBundlePath());
    },
    async stopWorker() {
      await worker?.close();
      worker = undefined;
    },
    async stop() {
      await system.stopWorker();
      await gateway.close();
      await client.connection.close();
      await db.end();
    },
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.body);
      } else if (opts.raw !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${gateway.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (metrics)
      }
      return { status: response.status, body: parsed };
    },
  };
  if (options.worker !== false) await system.startWorker();
  return system;
}

/** The knowledge-base article most tests ask about ("How do I reset my password?" is answered from it). */
export const PASSWORD_ARTICLE = {
  title: 'How to reset your password',
  body: 'Open the sign-in page, choose "Forgot password" and follow the link we e-mail you. The link is valid for one hour.',
};

export async function addPasswordArticle(sys: TestSystem): Promise<void> {
  const article = await sys.api('POST', '/api/v1/kb/articles', { token: sys.adminToken, body: PASSWORD_ARTICLE });
  if (article.status !== 201) throw new Error(`could not add the test article: ${article.status} ${JSON.stringify(article.body)}`);
}
