import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/pool';
import { HttpError } from '../gateway/http-errors';
import { loadLimitSettings, type LimitName, type LimitSetting } from './limit-settings';

export { LIMIT_DEFAULTS, type LimitName } from './limit-settings';

/** A limit was hit: 429 with Retry-After (seconds). */
export class RateLimited extends HttpError {
  constructor(readonly limit: LimitName, readonly retryAfterS: number, message = 'too many requests, try again later') {
    super(429, 'rate_limited', `${message} (retry after ${retryAfterS} s)`, { limit, retryAfterSeconds: retryAfterS });
  }
}

/** Subjects can be long (e-mail addresses, keys) or secret (API keys): stored as a short hash. */
function subjectKey(subject: string): string {
  return createHash('sha256').update(subject, 'utf8').digest('base64url').slice(0, 32);
}

/**
 * The limits, counted in PostgreSQL (table rate_limits, see migrations) so they hold across gateway replicas.
 * If the database cannot be reached, each gateway falls back to counting in its own memory.
 */
export class AbuseLimits {
  private readonly limiters = new Map<LimitName, RateLimiterPostgres>();

  constructor(db: Db, readonly settings: Record<LimitName, LimitSetting | undefined>) {
    // rate-limiter-flexible names its prepared statements; the embedded database shares them between
    // connections (one backend), where a second PREPARE of the same name fails. Unnamed queries work on both.
    const storeClient = {
      query: (q: { text: string; values?: unknown[] }) => db.query(q.text, q.values),
    };
    for (const name of Object.keys(settings) as LimitName[]) {
      const s = settings[name];
      if (!s) continue;
      const common = { keyPrefix: name, points: s.points, duration: s.durationS, blockDuration: s.blockS };
      this.limiters.set(name, new RateLimiterPostgres({
        ...common,
        storeClient, storeType: 'pool', tableName: 'rate_limits', tableCreated: true,
        // only one limiter sweeps expired rows; they all share the table
        clearExpiredByTimeout: this.limiters.size === 0,
        insuranceLimiter: new RateLimiterMemory(common),
      }));
    }
  }

  static fromEnv(db: Db, env: NodeJS.ProcessEnv): AbuseLimits {
    return new AbuseLimits(db, loadLimitSettings(env));
  }

  /** Counts one action; throws RateLimited when the subject is over the limit. */
  async consume(name: LimitName, subject: string, message?: string): Promise<void> {
    const retryAfterS = await this.take(name, subject);
    if (retryAfterS !== undefined) throw new RateLimited(name, retryAfterS, message);
  }

  /** Counts one action; the seconds to wait when over the limit, undefined when allowed. */
  async take(name: LimitName, subject: string): Promise<number | undefined> {
    const limiter = this.limiters.get(name);
    if (!limiter) return undefined;
    try {
      await limiter.consume(subjectKey(subject));
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}
