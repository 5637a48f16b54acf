import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Db } from './pool';
import type { Logger } from '../observability/logger';

const PROBE_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 2_000;

export interface NotificationHandlers {
  /** one `NOTIFY <channel>, <payload>` arrived */
  notified(payload: string): void;
  /** notifications may have been missed (listening just started or the connection was lost): catch up */
  resync(): void;
}

/**
 * One LISTEN connection per gateway process on one PostgreSQL channel, handing each payload to `handlers`, so
 * live streams (widget replies, console events) learn of writes made anywhere: the worker, another replica.
 * On start it checks that a notification sent through the pool really arrives: the embedded PGlite delivers
 * notifications to the connection that sent them, not to listeners, so there `pushing` stays false and
 * streams poll instead. After a lost connection `resync` is called once and the listener reconnects.
 */
export class NotificationListener {
  private client: Client | undefined;
  private probe: { payload: string; arrived: () => void } | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** notifications arrive: streams may rely on them (and poll only rarely, as a safety net) */
  pushing = false;

  constructor(
    private readonly db: Db, private readonly logger: Logger, private readonly channel: string,
    private readonly handlers: NotificationHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.connect();
    } catch (error) {
      this.logger.warn({ err: error, channel: this.channel }, 'notifications unavailable, streams poll the database');
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.pushing = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.db.options);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      if (this.probe?.payload === n.payload) this.probe.arrived();
      else this.handlers.notified(n.payload);
    });
    await client.connect();
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    await client.query(`LISTEN ${this.channel}`);
    if (!(await this.probeArrives()) || this.stopped) {
      if (!this.stopped) this.logger.info({ channel: this.channel }, 'database does not deliver notifications to listeners (embedded?): streams poll');
      this.client = undefined;
      await client.end().catch(() => undefined);
      return;
    }
    this.pushing = true;
    this.handlers.resync(); // anything written while we were not listening
  }

  /** Sends a notification through the pool and waits for it on the listening connection. */
  private async probeArrives(): Promise<boolean> {
    const payload = `probe:${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.probe = { payload, arrived: () => resolve(true) };
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    try {
      await this.db.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
      return await arrived;
    } finally {
      clearTimeout(timer);
      this.probe = undefined;
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.pushing = false;
    client.end().catch(() => undefined);
    this.handlers.resync();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    this.retry.unref();
  }
}
