import { inTransaction, type Db } from '../../db/pool';
import { isDeterministicDbError } from '../../db/pg-errors';
import type { Logger } from '../../observability/logger';
import { refreshIssueFacts } from './refresh-issue-facts';

export interface FactsRefresherOptions {
  /** pause between passes when nothing is due (ANALYTICS_FACTS_REFRESH_MS) */
  intervalMs: number;
  /** issues per statement: one refresh holds the embedded database while it runs, so keep it short */
  batch?: number;
  /** told how many issues each pass refreshed, and how long the oldest had waited */
  onRefreshed?: (issues: number, oldestWaitSeconds: number) => void;
}

const DEFAULT_BATCH = 50;

/**
 * Keeps the analytics facts (issue_facts) up to date with what the projection stores. The projection marks each
 * issue it changed in issue_facts_due, in the statement that writes the change; this loop takes the marked
 * issues a batch at a time and recomputes their facts in one call. The dashboard follows the conversations
 * within about one interval, and the turn no longer pays for it (it recomputed the facts twice per answered
 * message before).
 *
 * Nothing is lost: taking the marks and writing the facts is one transaction (a crash or an outage rolls both
 * back, and the next pass takes them again); a change stored while a pass runs marks its issue anew, and the
 * next pass reads it. Any number of refreshers may run (one per worker): each takes rows the others have not
 * locked. An issue whose facts PostgreSQL refuses for good is logged and unmarked, never retried forever.
 */
export class FactsRefresher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly db: Db, private readonly logger: Logger, private readonly options: FactsRefresherOptions) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.refreshDue()
        .then(() => undefined, (error: unknown) => this.logger.warn({ err: error }, 'analytics: facts refresh failed; the next pass tries again'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    tick();
  }

  /** Stops after the pass in flight (its transaction commits or rolls back as a whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Refreshes every issue marked due, a batch at a time; answers how many it refreshed. `waitForOthers`: also the
   * issues another pass holds, once it is done with them (a reader that must see every stored change).
   */
  async refreshDue(options: { waitForOthers?: boolean; atMost?: number } = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const refreshed = await this.refreshBatch(options.waitForOthers ?? false);
      total += refreshed;
      if (refreshed < (this.options.batch ?? DEFAULT_BATCH) || this.stopped || total >= (options.atMost ?? Infinity)) return total;
    }
  }

  private async refreshBatch(waitForOthers: boolean): Promise<number> {
    const batch = this.options.batch ?? DEFAULT_BATCH;
    try {
      return await this.refreshTaken(batch, { waitForOthers, report: true });
    } catch (error) {
      if (!isDeterministicDbError(error)) throw error;
      // one issue's rows PostgreSQL refuses must not hold the others back: one at a time, the refused one unmarked
      this.logger.warn({ err: error }, 'analytics: a batch of facts was refused; refreshing its issues one by one');
      return this.refreshOneByOne(batch);
    }
  }

  private async refreshOneByOne(batch: number): Promise<number> {
    let done = 0;
    for (let i = 0; i < batch; i += 1) {
      let issueId: string | undefined;
      try {
        const refreshed = await this.refreshTaken(1, { taken: (ids) => { issueId = ids[0]; } });
        if (refreshed === 0) break;
        done += 1;
      } catch (error) {
        if (!isDeterministicDbError(error) || !issueId) throw error;
        await this.db.query('DELETE FROM issue_facts_due WHERE issue_id = $1', [issueId]);
        this.logger.error({ err: error, issueId },
          'analytics: PostgreSQL refused the facts of this issue; they stay as they were until its next change');
      }
    }
    return done;
  }

  /**
   * One transaction: takes up to `limit` marks, tells `taken` their issues, refreshes their facts; answers how many.
   */
  private refreshTaken(limit: number, on: { waitForOthers?: boolean; report?: boolean; taken?: (ids: string[]) => void }): Promise<number> {
    return inTransaction(this.db, async (client) => {
      const taken = await takeDue(client, limit, on.waitForOthers);
      on.taken?.(taken.ids);
      if (taken.ids.length > 0) await refreshIssueFacts(client, taken.ids);
      if (on.report && taken.ids.length > 0) this.options.onRefreshed?.(taken.ids.length, taken.oldestWaitSeconds);
      return taken.ids.length;
    });
  }
}

/** Takes (deletes, inside the caller's transaction) the longest-waiting marks no other refresher holds. */
async function takeDue(
  client: Pick<Db, 'query'>, batch: number, waitForOthers = false,
): Promise<{ ids: string[]; oldestWaitSeconds: number }> {
  const { rows } = await client.query<{ issue_id: string; waited: number }>(
    `DELETE FROM issue_facts_due WHERE issue_id IN (
       SELECT issue_id FROM issue_facts_due ORDER BY since LIMIT $1 FOR UPDATE ${waitForOthers ? '' : 'SKIP LOCKED'})
     RETURNING issue_id, extract(epoch FROM clock_timestamp() - since)::float8 AS waited`,
    [batch],
  );
  return { ids: rows.map((r) => r.issue_id), oldestWaitSeconds: Math.max(0, ...rows.map((r) => r.waited)) };
}

/**
 * Before an analytics or experiment figure is read: the facts of every change stored so far (usually none or a
 * few are due, the background passes keep up; the reader waits for a pass in flight rather than read around it).
 */
export async function factsUpToDate(db: Db, logger: Logger): Promise<void> {
  // a backlog (the workers were down for long) is the background passes' job: a request does at most this much
  await new FactsRefresher(db, logger, { intervalMs: 0 }).refreshDue({ waitForOthers: true, atMost: READER_CATCH_UP_MAX });
}

/** issues a reader refreshes before it answers, at most */
const READER_CATCH_UP_MAX = 1_000;
