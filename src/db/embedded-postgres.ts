/**
 * Embedded PostgreSQL for zero-setup runs (`npm start`) and tests without a real server: PGlite (PostgreSQL
 * compiled to WebAssembly) served over the PostgreSQL wire protocol on a loopback TCP port by
 * `@electric-sql/pglite-socket`, so the application talks to it with the same `pg` client and the same SQL as
 * to a real PostgreSQL.
 *
 * It runs in a child Node process of its own:
 *   - PGlite executes queries synchronously in WebAssembly; in its own process that work does not stall the
 *     gateway's or the worker's event loop;
 *   - PGlite loads its files with dynamic `import()`, which Jest's module sandbox refuses; a plain child
 *     process works the same inside and outside Jest.
 * The child stops when asked (stop()), and also when this process goes away (the IPC channel closes), after
 * flushing the data directory. It ignores Ctrl-C: the parent decides when the database goes, after the worker
 * and gateway have drained.
 *
 * Limits: PGlite is one single-user backend. Connections share it; the socket server runs one protocol message
 * at a time, and a connection keeps the backend from its first message until the backend is idle again (its
 * Sync or simple query answered outside a transaction): an extended-protocol exchange (the unnamed statement
 * and portal live until Sync) and a transaction are never interleaved with another connection's messages.
 * pglite-socket's own queue pins only open transactions, so a large Bind arriving in several TCP chunks let
 * another connection's Parse replace the statement in between (wrong rows, or "bind message supplies 2
 * parameters, but prepared statement "" requires 4"; electric-sql/pglite#1046): the child replaces that queue
 * (`SessionQueue` below). Transactions from different connections are serialized, not concurrent. Session
 * state (`SET`, temporary tables, named prepared statements) is shared by all connections.
 * PGlite delivers NOTIFY only to the connection that sent it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Directory for durable data; undefined = in memory (gone when stopped). */
  dataDir?: string;
  /** TCP port; 0 or undefined = a free port chosen by the OS. */
  port?: number;
  /** Address to bind; default 127.0.0.1 (never expose it: there is no authentication). */
  host?: string;
  /** Concurrent client connections accepted (pools of the gateway, worker, tests). Default 64. */
  maxConnections?: number;
  /** How long to wait for the database to come up. Default 60 s. */
  startTimeoutMs?: number;
  /** Log every socket-server step to stderr. */
  debug?: boolean;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, for `DATABASE_URL`. */
  url: string;
  host: string;
  port: number;
  /** pid of the process that hosts the database. */
  pid: number;
  /** Closes client connections, the socket server and the database (flushing it to dataDir). Idempotent. */
  stop(): Promise<void>;
}

interface ChildOptions {
  pglite: string;
  pgliteSocket: string;
  dataDir?: string;
  host: string;
  port: number;
  maxConnections: number;
  debug: boolean;
}

type ChildMessage = { type: 'ready'; conn: string } | { type: 'error'; message: string };

/** The child's program (plain CommonJS, run with `node -e`, so it needs no TypeScript loader and no extra file). */
const CHILD_PROGRAM = `
'use strict';
const opts = JSON.parse(process.env.SWITCHBOARD_EMBEDDED_PG_OPTIONS);
const { PGlite } = require(opts.pglite);
const { PGLiteSocketServer } = require(opts.pgliteSocket);

// Frontend message types (the first byte): extended-protocol steps leave the exchange open until Sync.
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC_OR_QUERY = new Set(['S', 'Q'].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * The queue every connection's messages go through (same interface as pglite-socket's QueryQueueManager). The
 * connection that owns the backend is served alone until the backend is idle: no open extended exchange, no open
 * transaction. A connection that goes away while owning it leaves nothing behind (Sync, then ROLLBACK). A failed
 * message fails its caller only; the queue goes on.
 */
class SessionQueue {
  constructor(db) {
    this.db = db;
    this.queue = [];
    this.owner = null;
    this.gone = new Set();
    this.running = false;
  }
  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }
  getQueueLength() {
    return this.queue.length;
  }
  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('Handler disconnected'));
      return false;
    });
  }
  clearTransactionIfNeeded(handlerId) {
    this.gone.add(handlerId);
    return this.pump();
  }
  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.owner !== null && this.gone.has(this.owner)) {
          // (exec takes the backend's lock itself, so ROLLBACK goes outside runExclusive)
          await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined }))
            .then(() => (this.db.isInTransaction() ? this.db.exec('ROLLBACK') : undefined))
            .catch((err) => process.stderr.write('embedded PostgreSQL: cleanup after a lost connection failed: ' + err + '\\n'));
          this.owner = null;
        }
        this.gone.clear();
        const index = this.owner === null ? (this.queue.length > 0 ? 0 : -1)
          : this.queue.findIndex((item) => item.handlerId === this.owner);
        if (index < 0) break;
        const [item] = this.queue.splice(index, 1);
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: item.onData }));
          item.resolve();
        } catch (err) {
          item.reject(err);
        }
        const type = item.message[0];
        if (EXTENDED.has(type)) this.owner = item.handlerId;
        else if (SYNC_OR_QUERY.has(type) || this.owner === item.handlerId) {
          this.owner = this.db.isInTransaction() ? item.handlerId : null;
        } else if (this.db.isInTransaction()) this.owner = item.handlerId;
      }
    } finally {
      this.running = false;
    }
  }
}

let db;
let server;
let stopping;
function stop(code) {
  stopping = stopping || (async () => {
    try {
      if (server) await server.stop();
      if (db) await db.close();
    } catch (err) {
      process.stderr.write('embedded PostgreSQL: error while stopping: ' + (err && err.stack || err) + '\\n');
      code = 1;
    }
    process.exit(code);
  })();
  return stopping;
}
process.on('SIGINT', () => {});
process.on('SIGTERM', () => stop(0));
process.on('disconnect', () => stop(0));
process.on('message', (m) => { if (m && m.type === 'stop') stop(0); });
(async () => {
  try {
    db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
    server = new PGLiteSocketServer({
      db, host: opts.host, port: opts.port, maxConnections: opts.maxConnections, debug: opts.debug,
    });
    if (typeof server.queryQueue?.enqueue !== 'function') {
      throw new Error('this @electric-sql/pglite-socket has no queryQueue to replace: check SessionQueue against it');
    }
    server.queryQueue = new SessionQueue(db);
    await server.start();
    process.send({ type: 'ready', conn: server.getServerConn() });
  } catch (err) {
    process.send({ type: 'error', message: String(err && err.stack || err) }, () => process.exit(1));
  }
})();
`;

const STOP_GRACE_MS = 15_000;
const TAIL_CHARS = 8 * 1024;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const host = opts.host ?? '127.0.0.1';
  const dataDir = opts.dataDir !== undefined ? path.resolve(opts.dataDir) : undefined;
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const childOptions: ChildOptions = {
    pglite: require.resolve('@electric-sql/pglite'),
    pgliteSocket: require.resolve('@electric-sql/pglite-socket'),
    dataDir,
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 64,
    debug: opts.debug ?? false,
  };

  const child = spawn(process.execPath, ['-e', CHILD_PROGRAM], {
    stdio: ['ignore', opts.debug ? 'inherit' : 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, SWITCHBOARD_EMBEDDED_PG_OPTIONS: JSON.stringify(childOptions), NODE_OPTIONS: '' },
    // Its own process group: a Ctrl-C in the terminal reaches the parent, which stops the database last.
    detached: true,
  });
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-TAIL_CHARS);
    if (opts.debug) process.stderr.write(chunk);
  });

  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal !== null ? `signal ${signal}` : `exit code ${code}`));
    child.once('error', (err) => resolve(`could not start: ${err.message}`));
  });

  const where = `${host}:${childOptions.port}${dataDir !== undefined ? ` (data in ${dataDir})` : ' (in memory)'}`;
  let timer: NodeJS.Timeout | undefined;
  let conn: string;
  try {
    conn = await Promise.race([
      new Promise<string>((resolve, reject) => {
        child.on('message', (message: ChildMessage) => {
          if (message.type === 'ready') resolve(message.conn);
          else reject(new Error(`embedded PostgreSQL on ${where} failed to start: ${message.message}`));
        });
      }),
      exited.then((how): never => {
        throw new Error(
          `embedded PostgreSQL on ${where} exited before it was ready (${how})` + (stderrTail ? `:\n${stderrTail}` : ''),
        );
      }),
      new Promise<never>((_, reject) => {
        const timeoutMs = opts.startTimeoutMs ?? 60_000;
        timer = setTimeout(() => reject(new Error(`embedded PostgreSQL on ${where} not ready within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }

  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) {
    child.kill('SIGKILL');
    throw new Error(`embedded PostgreSQL reported an unexpected address: ${conn}`);
  }

  // The database must not keep this process alive by itself; stop() or this process exiting ends it.
  child.unref();
  child.channel?.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  let stopping: Promise<void> | undefined;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `postgres://postgres@${hostForUrl}:${port}/postgres`,
    host,
    port,
    pid: child.pid!,
    stop(): Promise<void> {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // Keep this process alive until the child has flushed and exited.
        child.ref();
        child.channel?.ref();
        if (child.connected) child.send({ type: 'stop' });
        else child.kill('SIGTERM');
        let graceTimer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          exited.then(() => true),
          new Promise<false>((resolve) => {
            graceTimer = setTimeout(() => resolve(false), STOP_GRACE_MS);
          }),
        ]);
        clearTimeout(graceTimer);
        if (!finished) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };
}
