/**
 * Starts and stops the Temporal CLI dev server (`temporal server start-dev`) for `npm start` and the tests.
 *
 * The CLI binary is installed by `scripts/install-temporal.sh` at `.temporal/bin/temporal` (or given by
 * `$TEMPORAL_CLI`); nothing here downloads anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePorts } from '../net/free-port';
import { SEARCH_ATTRIBUTE_TYPES, type SearchAttributeKind, type SearchAttributeName } from './search-attribute-names';

export { SEARCH_ATTRIBUTE_TYPES } from './search-attribute-names';

/** The issue workflow's custom search attributes, registered on every dev server this module starts. */
export const SEARCH_ATTRIBUTES: ReadonlyArray<{ readonly name: SearchAttributeName; readonly type: SearchAttributeKind }> =
  (Object.keys(SEARCH_ATTRIBUTE_TYPES) as SearchAttributeName[]).map((name) => ({
    name,
    type: SEARCH_ATTRIBUTE_TYPES[name],
  }));

/** Project root: two levels above this file (src/temporal/ -> root), also when run from dist/src/temporal. */
function defaultProjectRoot(): string {
  let dir = path.resolve(__dirname, '..', '..');
  if (path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the Temporal CLI: `$TEMPORAL_CLI` when set, else `<projectRoot>/.temporal/bin/temporal`.
 * Throws an Error that tells the user how to install it when the file is missing.
 */
export function resolveTemporalCli(projectRoot: string = defaultProjectRoot()): string {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv)) {
      throw new Error(
        `TEMPORAL_CLI=${fromEnv} is not an executable file. Unset it to use the project's copy, ` +
          'or install the Temporal CLI with `npm run temporal:install`.',
      );
    }
    return fromEnv;
  }
  const installed = path.join(projectRoot, '.temporal', 'bin', 'temporal');
  if (!existsSync(installed) || !isExecutable(installed)) {
    throw new Error(
      `Temporal CLI not found at ${installed}. Run \`npm run temporal:install\` ` +
        '(bash scripts/install-temporal.sh) to install it, or set TEMPORAL_CLI=/path/to/temporal.',
    );
  }
  return installed;
}

export interface DevServerArgsOptions {
  ip: string;
  port: number;
  /** A port for the web UI, or null for `--headless`. */
  uiPort: number | null;
  /** SQLite file for state that survives restarts; undefined = in memory. */
  dbFilename?: string;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** `--dynamic-config-value KEY=JSON` pairs. */
  dynamicConfig?: Record<string, string | number | boolean>;
  extraArgs?: readonly string[];
}

/** Dynamic config always passed: no call home for a version check (there may be no internet). */
export const DEFAULT_DYNAMIC_CONFIG: Readonly<Record<string, string | number | boolean>> = {
  'frontend.enableServerVersionCheck': false,
};

/** Command-line arguments of `temporal server start-dev` (Temporal CLI v1.5.1 flag names). */
export function devServerArgs(opts: DevServerArgsOptions): string[] {
  const args = ['server', 'start-dev', '--ip', opts.ip, '--port', String(opts.port)];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFilename !== undefined) args.push('--db-filename', opts.dbFilename);
  args.push('--namespace', opts.namespace ?? 'default');
  args.push('--log-level', opts.logLevel ?? 'warn');
  for (const { name, type } of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries({ ...DEFAULT_DYNAMIC_CONFIG, ...opts.dynamicConfig })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (opts.extraArgs) args.push(...opts.extraArgs);
  return args;
}

export interface StartDevServerOptions {
  /** Path of the Temporal CLI, usually `resolveTemporalCli()`. */
  executable: string;
  /** Address the frontend (and UI) bind to. Default 127.0.0.1. */
  ip?: string;
  /** Frontend gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; null = `--headless`; a free one when omitted. */
  uiPort?: number | null;
  /** SQLite file for durable state; omitted = in memory. */
  dbFilename?: string;
  /** Namespace to create and wait for (the "default" namespace always exists). */
  namespace?: string;
  /** Appends the server's stdout/stderr to this file. */
  logFile?: string;
  /** How long to wait for the frontend to answer. Default 60 s (a cold start on 2 cores is slow). */
  startTimeoutMs?: number;
  logLevel?: DevServerArgsOptions['logLevel'];
  dynamicConfig?: DevServerArgsOptions['dynamicConfig'];
  extraArgs?: readonly string[];
}

export interface DevServer {
  /** host:port of the frontend, for `Connection.connect({ address })` / `NativeConnection.connect`. */
  address: string;
  /** Web UI URL unless headless. */
  uiUrl?: string;
  namespace: string;
  pid: number;
  /** SIGTERM, wait for exit; SIGKILL after 10 s. Safe to call more than once. */
  stop(): Promise<void>;
}

const TAIL_BYTES = 16 * 1024;
const STOP_GRACE_MS = 10_000;

class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > TAIL_BYTES && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  toString(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString('utf8').trim();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Starts `temporal server start-dev` and resolves once the frontend answers with the search attributes in place. */
export async function startDevServer(opts: StartDevServerOptions): Promise<DevServer> {
  const portsChosen = opts.port === undefined || opts.uiPort === undefined;
  // A free port can be taken between probing and binding; retry only when we chose the ports ourselves.
  const attempts = portsChosen ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      lastError = err;
      const message = err instanceof Error ? err.message : String(err);
      if (!/address already in use|bind:/i.test(message)) throw err;
    }
  }
  throw lastError;
}

async function startOnce(opts: StartDevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const [probedPort, probedUiPort] = await freePorts(2, ip);
  const port = opts.port ?? probedPort!;
  const uiPort = opts.uiPort === undefined ? probedUiPort! : opts.uiPort;
  const hostForUrl = ip.includes(':') ? `[${ip}]` : ip;
  const address = `${hostForUrl}:${port}`;

  const args = devServerArgs({
    ip,
    port,
    uiPort,
    dbFilename: opts.dbFilename,
    namespace,
    logLevel: opts.logLevel,
    dynamicConfig: opts.dynamicConfig,
    extraArgs: opts.extraArgs,
  });

  let log: WriteStream | undefined;
  if (opts.logFile !== undefined) {
    mkdirSync(path.dirname(opts.logFile), { recursive: true });
    log = createWriteStream(opts.logFile, { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} ${opts.executable} ${args.join(' ')}\n`);
  }

  const child = spawn(opts.executable, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  const tail = new OutputTail();
  const onOutput = (chunk: Buffer): void => {
    tail.push(chunk);
    log?.write(chunk);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);

  // If this Node process exits without calling stop(), do not leave the server behind (SIGTERM: it still
  // closes its SQLite file cleanly; nothing can be awaited in an 'exit' handler).
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  let exited = false;
  let exitDescription = '';
  let spawnError: Error | undefined;
  // Resolves when the process is gone: it exited, or it could not be spawned at all ('exit' never comes then).
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitDescription = signal !== null ? `signal ${signal}` : `exit code ${code}`;
      process.off('exit', killOnExit);
      resolve();
    });
    child.once('error', (err) => {
      if (child.pid !== undefined) return; // a failed kill(), the process still runs
      spawnError = err;
      exited = true;
      exitDescription = `could not be started: ${err.message}`;
      process.off('exit', killOnExit);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited && spawnError === undefined) {
        child.ref(); // keep this process alive until the server has exited
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await exitPromise;
        }
      }
      process.off('exit', killOnExit);
      if (log !== undefined) {
        const stream = log;
        await new Promise<void>((resolve) => stream.end(resolve));
      }
    })();
    return stopping;
  };

  const describeFailure = (reason: string): Error => {
    const output = tail.toString();
    return new Error(
      `Temporal dev server (${opts.executable} ${args.join(' ')}) ${reason}` +
        (output ? `\n--- last output ---\n${output}` : '\n(no output)'),
    );
  };

  const deadline = Date.now() + startTimeoutMs;
  let lastProbeError = 'no answer yet';
  try {
    for (;;) {
      if (exited) throw describeFailure(`exited before it was ready (${exitDescription})`);
      if (Date.now() > deadline) {
        throw describeFailure(`did not answer on ${address} within ${startTimeoutMs} ms (last: ${lastProbeError})`);
      }
      const probe = await Promise.race([
        probeReady(address, namespace, Math.min(5_000, Math.max(500, deadline - Date.now()))),
        exitPromise.then(() => 'exited'),
      ]);
      if (probe === true) break;
      lastProbeError = probe;
      await Promise.race([sleep(250), exitPromise]);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  // Do not keep the Node process alive just for the server; the 'exit' hook above still kills it.
  (child.stdout as Socket).unref();
  (child.stderr as Socket).unref();
  child.unref();

  return {
    address,
    uiUrl: uiPort === null ? undefined : `http://${hostForUrl}:${uiPort}`,
    namespace,
    pid: child.pid!,
    stop,
  };
}

/** true when the frontend answers and the namespace has every search attribute; else why not. */
async function probeReady(address: string, namespace: string, timeoutMs: number): Promise<true | string> {
  let connection: Connection | undefined;
  try {
    const deadline = Date.now() + timeoutMs;
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    const conn = connection;
    const { customAttributes } = await conn.withDeadline(deadline, async () => {
      await conn.workflowService.describeNamespace({ namespace });
      return await conn.operatorService.listSearchAttributes({ namespace });
    });
    const missing = SEARCH_ATTRIBUTES.filter(({ name }) => customAttributes?.[name] === undefined).map((a) => a.name);
    return missing.length === 0 ? true : `search attributes not registered yet: ${missing.join(', ')}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
