/**
 * Jest global setup, run once per test run in the jest parent process before any test process starts:
 *   - ONE Temporal dev server (headless, in memory, search attributes registered), from the CLI installed by
 *     scripts/install-temporal.sh (installed here first when missing);
 *   - the workflow code bundled ONCE (test workers load it with `workflowBundle: { codePath }`);
 *   - the database: DATABASE_URL when given (CI's real PostgreSQL), else an embedded PGlite on loopback.
 * The results go to process.env (inherited by the test processes) and to a JSON file (see test-env.ts).
 * global-teardown.ts stops everything, using the handles kept on globalThis.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOW_PRELOAD_MODULES } from '../../workers/workflow-bundle-options';
import { resolveTemporalCli, startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { withoutPassword } from '../../src/runtime/database';
import { TEST_ENV_FILE_VAR, testEnvFilePath, type SwitchboardTestEnv } from './test-env';

const projectRoot = path.resolve(__dirname, '..', '..');

export interface GlobalTestHandles {
  devServer?: DevServer;
  embeddedPostgres?: EmbeddedPostgres;
  tempDir?: string;
  envFile?: string;
}

export const HANDLES_KEY = '__switchboardTestHandles';

type GlobalWithHandles = typeof globalThis & { [HANDLES_KEY]?: GlobalTestHandles };

function say(line: string): void {
  process.stderr.write(`[test setup] ${line}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}


/** The installed Temporal CLI; runs scripts/install-temporal.sh first when it is missing. */
function temporalCli(): string {
  try {
    return resolveTemporalCli(projectRoot);
  } catch (err) {
    if (process.env.TEMPORAL_CLI) throw err;
    say('Temporal CLI missing: running scripts/install-temporal.sh (a build from source takes minutes)');
    const result = spawnSync('bash', [path.join(projectRoot, 'scripts', 'install-temporal.sh')], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`scripts/install-temporal.sh failed (exit ${result.status ?? result.signal}); see its output above`);
    }
    return resolveTemporalCli(projectRoot);
  }
}

async function startTemporal(handles: GlobalTestHandles): Promise<DevServer> {
  const executable = temporalCli();
  const started = Date.now();
  const logFile = path.join(projectRoot, '.temporal', 'test-dev-server.log');
  rmSync(logFile, { force: true });
  const server = await startDevServer({ executable, uiPort: null, logFile, startTimeoutMs: 90_000 });
  handles.devServer = server;
  say(`Temporal dev server at ${server.address} in ${seconds(started)} (log: ${path.relative(projectRoot, logFile)})`);
  return server;
}

async function prepareDatabase(handles: GlobalTestHandles): Promise<{ url: string; kind: 'postgres' | 'pglite' }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const client = new PgClient({ connectionString: given, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query('select 1');
    } catch (err) {
      throw new Error(`DATABASE_URL=${withoutPassword(given)} is not reachable: ${(err as Error).message}`, { cause: err });
    } finally {
      await client.end().catch(() => undefined);
    }
    say(`PostgreSQL server from DATABASE_URL: ${withoutPassword(given)}`);
    return { url: given, kind: 'postgres' };
  }
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({});
  handles.embeddedPostgres = embedded;
  say(`embedded PostgreSQL (PGlite, in memory) at ${embedded.url} in ${seconds(started)}`);
  return { url: embedded.url, kind: 'pglite' };
}

async function bundleWorkflows(tempDir: string): Promise<string | undefined> {
  const prebuilt = process.env.SWITCHBOARD_WORKFLOW_BUNDLE;
  if (prebuilt && existsSync(prebuilt)) {
    say(`workflow bundle given: ${prebuilt}`);
    return prebuilt;
  }
  let workflowsPath: string;
  try {
    workflowsPath = require.resolve(path.join(projectRoot, 'workflows', 'index.ts'));
  } catch {
    say('workflows/index.ts not found: no workflow bundle for this run');
    return undefined;
  }
  const started = Date.now();
  const bundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    // Webpack's info lines are noise in the test output; warnings and errors still show.
    logger: {
      log: (level, message) => {
        if (level === 'WARN' || level === 'ERROR') say(`bundler ${level}: ${message}`);
      },
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => say(`bundler WARN: ${message}`),
      error: (message) => say(`bundler ERROR: ${message}`),
    },
  });
  const codePath = path.join(tempDir, 'workflow-bundle.js');
  writeFileSync(codePath, bundle.code);
  say(`workflow bundle (${(bundle.code.length / 1024).toFixed(0)} KiB) built in ${seconds(started)}`);
  return codePath;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const handles: GlobalTestHandles = {};
  (globalThis as GlobalWithHandles)[HANDLES_KEY] = handles;
  handles.tempDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-jest-'));

  // Independent of each other: start all three at once (the server processes start while webpack runs).
  const [temporal, database, bundle] = await Promise.allSettled([
    startTemporal(handles),
    prepareDatabase(handles),
    bundleWorkflows(handles.tempDir),
  ]);
  const failures = [temporal, database, bundle].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (temporal.status === 'rejected' || database.status === 'rejected' || bundle.status === 'rejected') {
    // Jest does not run the global teardown when the setup throws: clean up here.
    const { default: globalTeardown } = await import('./global-teardown');
    await globalTeardown();
    throw failures.length === 1
      ? failures[0]!.reason
      : new AggregateError(failures.map((f) => f.reason), failures.map((f) => String(f.reason)).join('\n'));
  }

  const env: SwitchboardTestEnv = {
    TEMPORAL_ADDRESS: temporal.value.address,
    TEMPORAL_NAMESPACE: temporal.value.namespace,
    DATABASE_URL: database.value.url,
    SWITCHBOARD_DB_KIND: database.value.kind,
    ...(bundle.value ? { SWITCHBOARD_WORKFLOW_BUNDLE: bundle.value } : {}),
  };
  Object.assign(process.env, env);
  handles.envFile = testEnvFilePath(process.pid);
  writeFileSync(handles.envFile, `${JSON.stringify(env, null, 2)}\n`);
  process.env[TEST_ENV_FILE_VAR] = handles.envFile;
  say(`ready in ${seconds(started)}`);
}
