import { randomUUID } from 'node:crypto';
import { signWebhook } from '../channels/webhook-signature';
import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import { DEFAULT_RETENTION_DAYS, type IntegrationWebhookSettings } from './webhook-settings';

/** Backoff between attempts: 5 s, 10 s, 20 s … capped at an hour; a day of failures gives up. */
export const MAX_ATTEMPTS = 30;
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** How much longer than the HTTP timeout a claim lasts: room to record the outcome. */
const LEASE_MARGIN_MS = 60_000;
const CLEAN_EVERY_MS = 10 * 60_000;
const CLEAN_BATCH = 1_000;

interface ClaimedDelivery {
  id: string;
  endpoint: string;
  payload: Record<string, unknown>;
  attempts: number;
  seq: string;
  claim_token: string;
}

/**
 * Delivers the webhook outbox: signed POSTs (same scheme as the API channel's webhook), retried with backoff,
 * in the order the events were written (`seq`). Any number of dispatchers may run (gateway and workers): each
 * claims one row right before sending it, with a lease longer than the HTTP timeout, so a delivery in flight is
 * never taken over by another dispatcher, and a slow endpoint holds up only its own delivery. The outcome is
 * recorded only by the holder of the claim. Delivered rows are deleted after the retention period.
 */
export class WebhookDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastCleanAt = 0;

  constructor(
    private readonly db: Db,
    private readonly settings: IntegrationWebhookSettings,
    private readonly logger: Logger,
    private readonly options: { pollMs?: number; timeoutMs?: number; batch?: number } = {},
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.deliverDue()
        .then(() => this.cleanIfDue())
        .catch((error) => this.logger.warn({ err: error }, 'webhook dispatch failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1_000);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the deliveries that are due, one claim at a time; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    const batch = this.options.batch ?? 20;
    let attempted = 0;
    while (attempted < batch && !this.stopped) {
      const delivery = await this.claimNext();
      if (!delivery) break;
      await this.attempt(delivery);
      attempted += 1;
    }
    return attempted;
  }

  /** Deletes delivered rows older than the retention period (in batches, so no long lock). */
  async cleanDelivered(): Promise<number> {
    const days = this.settings.retentionDays ?? DEFAULT_RETENTION_DAYS;
    let removed = 0;
    for (;;) {
      const { rowCount } = await this.db.query(
        `DELETE FROM webhook_outbox WHERE id IN (
           SELECT id FROM webhook_outbox WHERE delivered_at < now() - ($1::float8 * interval '1 day') LIMIT $2)`,
        [days, CLEAN_BATCH],
      );
      removed += rowCount ?? 0;
      if ((rowCount ?? 0) < CLEAN_BATCH) return removed;
    }
  }

  private async cleanIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanAt < CLEAN_EVERY_MS) return;
    this.lastCleanAt = Date.now();
    const removed = await this.cleanDelivered();
    if (removed > 0) this.logger.info({ removed }, 'cleaned delivered webhook rows');
  }

  private timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  /** The earliest due row, claimed for the length of one attempt (SKIP LOCKED: racing dispatchers take others). */
  private async claimNext(): Promise<ClaimedDelivery | undefined> {
    const { rows } = await this.db.query<ClaimedDelivery>(
      `UPDATE webhook_outbox SET next_attempt_at = now() + ($1::int * interval '1 millisecond'), claim_token = $2
        WHERE id = (SELECT id FROM webhook_outbox
                     WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                     ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, endpoint, payload, attempts, seq, claim_token`,
      [this.timeoutMs() + LEASE_MARGIN_MS, randomUUID()],
    );
    return rows[0];
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    // The sequence is known only once the row is written; receivers may order by it.
    const body = JSON.stringify({ ...delivery.payload, sequence: Number(delivery.seq) });
    const timestamp = Math.floor(Date.now() / 1000);
    let error: string | undefined;
    try {
      const response = await fetch(delivery.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-switchboard-delivery': delivery.id,
          'x-switchboard-timestamp': String(timestamp),
          'x-switchboard-signature': signWebhook(this.settings.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs()),
      });
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = delivery.attempts + 1;
    if (!error) {
      await this.db.query(
        `UPDATE webhook_outbox SET delivered_at = now(), attempts = $2, last_error = NULL, claim_token = NULL
          WHERE id = $1 AND claim_token = $3`,
        [delivery.id, attempts, delivery.claim_token]);
      return;
    }
    const giveUp = attempts >= MAX_ATTEMPTS;
    await this.db.query(
      `UPDATE webhook_outbox SET attempts = $2, last_error = $3, claim_token = NULL,
         next_attempt_at = now() + ($4::int * interval '1 millisecond'), failed_at = CASE WHEN $5 THEN now() END
       WHERE id = $1 AND claim_token = $6`,
      [delivery.id, attempts, error, backoffMs(attempts), giveUp, delivery.claim_token],
    );
    this.logger.warn({ deliveryId: delivery.id, attempts, error, giveUp }, 'webhook delivery failed');
  }
}
