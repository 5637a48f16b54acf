import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Db } from '../../db/pool';
import type { Logger } from '../../observability/logger';

/** The channel the messages trigger notifies (migration 1733200000003_widget-stream-push.sql). */
export const WIDGET_MESSAGES_CHANNEL = 'widget_messages';
const PROBE_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 2_000;

type Wake = () => void;

/**
 * One LISTEN connection per gateway process, fanning `NOTIFY widget_messages '<visitor id>'` out to that
 * visitor's open streams, so streams query only when something new is there (wherever it was written: worker,
 * another replica). On start it checks that a notification sent through the pool really arrives: the embedded
 * PGlite delivers notifications to the connection that sent them, not to listeners, so there `pushing` stays
 * false and the streams poll instead. After a lost connection every stream is woken once (it may have
 * missed something) and the listener reconnects.
 */
export class WidgetMessageNotifications {
  private readonly subscribers = new Map<string, Set<Wake>>();
  private client: Client | undefined;
  private probe: { payload: string; arrived: () => void } | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** notifications arrive: streams may rely on them (and poll only rarely, as a safety net) */
  pushing = false;

  constructor(private readonly db: Db, private readonly logger: Logger) {}

  /** Subscribes a stream to its visitor's notifications; returns the unsubscribe. */
  subscribe(visitorId: string, wake: Wake): () => void {
    let set = this.subscribers.get(visitorId);
    if (!set) this.subscribers.set(visitorId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.subscribers.get(visitorId) === set) this.subscribers.delete(visitorId);
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.connect();
    } catch (error) {
      this.logger.warn({ err: error }, 'widget notifications unavailable, streams poll the database');
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
      if (n.channel !== WIDGET_MESSAGES_CHANNEL || !n.payload) return;
      if (this.probe?.payload === n.payload) this.probe.arrived();
      else this.subscribers.get(n.payload)?.forEach((wake) => wake());
    });
    await client.connect();
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    await client.query(`LISTEN ${WIDGET_MESSAGES_CHANNEL}`);
    if (!(await this.probeArrives()) || this.stopped) {
      if (!this.stopped) this.logger.info('database does not deliver notifications to listeners (embedded?): widget streams poll');
      this.client = undefined;
      await client.end().catch(() => undefined);
      return;
    }
    this.pushing = true;
    this.wakeAll(); // anything written while we were not listening
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
      await this.db.query('SELECT pg_notify($1, $2)', [WIDGET_MESSAGES_CHANNEL, payload]);
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
    this.wakeAll();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    this.retry.unref();
  }

  private wakeAll(): void {
    for (const set of this.subscribers.values()) set.forEach((wake) => wake());
  }
}
