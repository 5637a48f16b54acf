/**
 * Brings up everything one benchmark run needs, on loopback only, and takes it down again: the Temporal dev
 * server (SQLite file in a temp dir, as `npm start` runs it), the database (a fresh PostgreSQL database, or the
 * embedded PGlite), the reply receiver, Switchboard's gateway and worker as separate processes (`npm run gateway`
 * and `npm run worker` entry points, offline responder), the baseline's worker, one knowledge-base article.
 */
import { randomBytes } from 'node:crypto';
import { payloadDataConverter } from '../src/temporal/payload-encryption';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { ensureTemporalCli } from '../src/cli/ensure-temporal-cli';
import { freePorts } from '../src/net/free-port';
import { startDevServer } from '../src/temporal/dev-server';
import type { BenchArgs } from './args';
import { startTsChild, waitForHttpOk, type ChildHandle } from './processes';
import { ReplyReceiver } from './receiver';

export const BASELINE_TASK_QUEUE = 'bench-baseline';
const API_CHANNEL_KEY = 'bench_api_channel_key';
const OPERATOR_TOKEN = 'bench_operator_token';

const everyPriority = (duration: string) => ({ urgent: duration, high: duration, normal: duration, low: duration });
/** Long timers: every issue the benchmark opens stays open, waiting on a timer, for the whole run. */
export const LONG_TIMER_POLICY = {
  firstResponse: everyPriority('7d'), resolution: everyPriority('14d'),
  customerNudge: '7d', customerAutoClose: '14d', reopenWindow: '7d', csatWait: '7d',
};

export const KB_ARTICLE = {
  title: 'How to reset your password',
  body: 'Open the sign-in page, choose "Forgot password" and follow the link we e-mail you. The link is valid for one hour.',
};

export interface SystemUnderTest {
  gatewayUrl: string;
  apiKey: string;
  receiver: ReplyReceiver;
  client: Client;
  /** the same connection with Switchboard's payload key, for its encrypted histories and memos */
  pipelineClient: Client;
  temporalAddress: string;
  databaseDescription: string;
  logDir: string;
  /** processes whose CPU and memory are reported */
  pids: Record<string, number>;
}

type Say = (line: string) => void;

/**
 * Starts everything, pushing a stop step for each part onto `cleanup` as soon as it runs, so the caller can take
 * down whatever was started when this fails or is interrupted half-way (run the steps in reverse order).
 */
export async function startSystemUnderTest(
  args: BenchArgs, logDir: string, say: Say, cleanup: (() => Promise<void>)[],
): Promise<SystemUnderTest> {
  mkdirSync(logDir, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const [temporalPort, gatewayPort, workerHttpPort, receiverPort, baselineHealthPort] = args.portBase
    ? [0, 1, 2, 3, 4].map((i) => args.portBase! + i)
    : await freePorts(5);
  const pids: Record<string, number> = { bench: process.pid };

  say('▸ starting the Temporal dev server, the database and the reply receiver …');
  const receiver = new ReplyReceiver();
  cleanup.push(() => receiver.stop());
  const [devServer, database] = await Promise.all([
    ensureTemporalCli(say).then((executable) => startDevServer({
      executable, port: temporalPort, uiPort: null, dbFilename: path.join(dataDir, 'temporal.db'),
      logFile: path.join(logDir, 'temporal-server.log'), startTimeoutMs: 120_000,
    })),
    openDatabase(args),
    receiver.start(receiverPort),
  ]);
  cleanup.push(() => devServer.stop());
  cleanup.push(() => database.stop());
  pids['temporal dev server'] = devServer.pid;

  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(gatewayPort),
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: devServer.address,
    API_CHANNEL_KEY,
    BOOTSTRAP_OPERATOR_TOKEN: OPERATOR_TOKEN,
    API_CHANNEL_WEBHOOK_URL: receiver.url,
    SUPPORT_POLICY: JSON.stringify(LONG_TIMER_POLICY),
    WORKER_HTTP_PORT: String(workerHttpPort),
    // Switchboard encrypts payloads by default; the harness decodes histories and memos with the same key.
    PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const children: ChildHandle[] = [];
  const track = (child: ChildHandle) => {
    children.push(child);
    cleanup.push(() => child.stop());
    pids[child.name] = child.pid;
    return child;
  };
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const baseline = track(startTsChild('baseline worker', 'bench/baseline/worker.ts', {
    TEMPORAL_ADDRESS: devServer.address, BASELINE_TASK_QUEUE, BASELINE_WEBHOOK_URL: receiver.url,
    BASELINE_WEBHOOK_SECRET: API_CHANNEL_KEY, BASELINE_HEALTH_PORT: String(baselineHealthPort),
  }, logDir));
  if (database.url === undefined) {
    // Embedded: exactly what `npm start` runs, on this run's dev server. The embedded PGlite cannot be shared by
    // separate gateway and worker processes (see embeddedDatabaseNote), so it is one process, as users run it.
    say('▸ starting Switchboard as `npm start` runs it (gateway + worker + embedded PGlite) and the baseline worker …');
    const app = track(startTsChild('switchboard (npm start)', 'src/cli/start.ts', env, logDir));
    await waitForHttpOk(`${gatewayUrl}/healthz`, app.exited);
    // Its only node child is the embedded database (tsx's esbuild helper is another child, not node).
    const pglite = childPids(app.pid).find((pid) => processName(pid) === 'node');
    if (pglite !== undefined) pids['database (PGlite)'] = pglite;
  } else {
    say('▸ starting the gateway and the baseline worker …');
    env.DATABASE_URL = database.url;
    const gateway = track(startTsChild('gateway', 'src/cli/gateway.ts', env, logDir));
    // The gateway migrates the database first; the worker then starts on an up-to-date schema.
    await waitForHttpOk(`${gatewayUrl}/healthz`, gateway.exited);
    say('▸ starting the Switchboard worker (bundles the workflows) …');
    const worker = track(startTsChild('worker', 'workers/main.ts', env, logDir));
    await waitForHttpOk(`http://127.0.0.1:${workerHttpPort}/healthz`, worker.exited);
  }
  await waitForHttpOk(`http://127.0.0.1:${baselineHealthPort}/`, baseline.exited);

  const article = await fetch(`${gatewayUrl}/api/v1/kb/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(KB_ARTICLE),
  });
  if (article.status !== 201) throw new Error(`could not add the knowledge-base article: ${article.status} ${await article.text()}`);

  say(`  measuring processes: ${Object.entries(pids).map(([name, pid]) => `${name} (pid ${pid})`).join(', ')}`);
  const connection = await Connection.connect({ address: devServer.address });
  cleanup.push(() => connection.close());
  const client = new Client({ connection, namespace: 'default' });
  // Switchboard's payloads are encrypted: its histories and memos are read with its key (the baseline's are plain).
  const pipelineClient = new Client({ connection, namespace: 'default', dataConverter: payloadDataConverter(env) });
  return {
    gatewayUrl, apiKey: API_CHANNEL_KEY, receiver, client, pipelineClient, temporalAddress: devServer.address,
    databaseDescription: database.description, logDir, pids,
  };
}

interface BenchDatabase {
  /** undefined: the embedded PGlite that `npm start` opens in DATA_DIR */
  url?: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * Why the embedded run is one process: pglite-socket runs one protocol message at a time and keeps a connection
 * exclusive only inside a transaction, so two connections' Parse/Bind/Execute sequences interleave and clobber
 * PGlite's single unnamed portal ("portal \"\" does not exist", 08P01). `npm start` uses one connection.
 */
export const embeddedDatabaseNote =
  'embedded PGlite opened by `npm start` (gateway and worker in that one process, one connection; data in a temp dir)';

/** A fresh PostgreSQL database for this run (dropped afterwards), or the embedded PGlite `npm start` opens. */
async function openDatabase(args: BenchArgs): Promise<BenchDatabase> {
  if (args.db === 'embedded') return { description: embeddedDatabaseNote, stop: async () => undefined };
  const server = new URL(args.databaseUrl!);
  const name = `sb_bench_${Date.now()}_${process.pid}`;
  const admin = new PgClient({ connectionString: server.toString(), connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `PostgreSQL ${server.host}, fresh database ${name} (dropped after the run)`,
    async stop() {
      const client = new PgClient({ connectionString: server.toString(), connectionTimeoutMillis: 10_000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Direct children of a process (from /proc), e.g. the embedded database `npm start` spawns. */
function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
