import { signWebhook } from '../channels/webhook-signature';
import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import type { IntegrationWebhookSettings } from './webhook-settings';

/** Backoff between attempts: 5 s, 10 s, 20 s … capped at an hour; a day of failures gives up. */
export const MAX_ATTEMPTS = 30;
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

interface DueDelivery {
  id: string;
  endpoint: string;
  payload: unknown;
  attempts: number;
}

/**
 * Delivers the webhook outbox: signed POSTs (same scheme as the API channel's webhook), retried with backoff.
 * Several workers may run it: rows are claimed with SKIP LOCKED, so each delivery is attempted by one at a time.
 */
export class WebhookDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

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
        .then(() => undefined)
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

  /** One pass over the deliveries that are due; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    const client = await this.db.connect();
    let due: DueDelivery[];
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<DueDelivery>(
        `SELECT id, endpoint, payload, attempts FROM webhook_outbox
          WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batch ?? 20],
      );
      due = rows;
      // Claim them by pushing their next attempt out while this pass sends.
      if (due.length > 0) {
        await client.query(`UPDATE webhook_outbox SET next_attempt_at = now() + interval '2 minutes' WHERE id = ANY($1)`,
          [due.map((d) => d.id)]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const delivery of due) await this.attempt(delivery);
    return due.length;
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const body = JSON.stringify(delivery.payload);
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
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = delivery.attempts + 1;
    if (!error) {
      await this.db.query('UPDATE webhook_outbox SET delivered_at = now(), attempts = $2, last_error = NULL WHERE id = $1',
        [delivery.id, attempts]);
      return;
    }
    const giveUp = attempts >= MAX_ATTEMPTS;
    await this.db.query(
      `UPDATE webhook_outbox SET attempts = $2, last_error = $3,
         next_attempt_at = now() + ($4::int * interval '1 millisecond'), failed_at = CASE WHEN $5 THEN now() END
       WHERE id = $1`,
      [delivery.id, attempts, error, backoffMs(attempts), giveUp],
    );
    this.logger.warn({ deliveryId: delivery.id, attempts, error, giveUp }, 'webhook delivery failed');
  }
}
