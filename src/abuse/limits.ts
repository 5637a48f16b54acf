import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigError } from '../config-error';
import type { Db } from '../db/pool';
import { parseDuration } from '../domain/duration';
import { HttpError } from '../gateway/http-errors';

/**
 * The named abuse limits. Each allows `points` actions per `duration` per subject; with `block`, a subject
 * that exceeds it is refused for that long. Settings: RATE_LIMIT_<NAME>=<points>/<duration>[/<block>], e.g.
 * RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR=20/1m, or "off".
 */
export const LIMIT_DEFAULTS = {
  /** `LINK <code>` messages (and codes typed in a session) by one identity: guessing stops after a few tries */
  LINK_ATTEMPTS_PER_IDENTITY: '5/15m/1h',
  /** all link attempts on one channel: guessing with many fresh identities (new widget visitors) stops too */
  LINK_ATTEMPTS_PER_CHANNEL: '100/15m',
  /** verification e-mails to one address: nobody can mail-bomb an address through us */
  LINK_EMAILS_PER_ADDRESS: '3/1h',
  /** verification e-mails asked for by one customer */
  LINK_EMAILS_PER_CUSTOMER: '5/1h',
  /** widget sessions (new visitors) per site key */
  WIDGET_SESSIONS_PER_SITE_KEY: '600/1m',
  /** widget sessions per client address (generous: offices and mobile carriers share addresses) */
  WIDGET_SESSIONS_PER_CLIENT: '100/1h',
  /** widget messages per visitor (each may cost an LLM call) */
  WIDGET_MESSAGES_PER_VISITOR: '20/1m',
  /** API-channel messages per API key */
  API_MESSAGES_PER_KEY: '1200/1m',
  /** messages per SMTP client address */
  SMTP_MESSAGES_PER_CLIENT: '30/1m',
} as const;

export type LimitName = keyof typeof LIMIT_DEFAULTS;

export interface LimitSetting {
  points: number;
  durationS: number;
  blockS: number;
}

/** "<points>/<duration>[/<block>]" → setting; "off" → undefined (no limit). */
export function parseLimitSetting(name: string, value: string): LimitSetting | undefined {
  const text = value.trim();
  if (/^(off|none|0)$/i.test(text)) return undefined;
  const parts = text.split('/');
  const points = Number(parts[0]);
  try {
    if (parts.length < 2 || parts.length > 3 || !Number.isInteger(points) || points < 1) throw new Error('shape');
    const durationS = Math.ceil(parseDuration(parts[1]!) / 1000);
    const blockS = parts[2] === undefined ? 0 : Math.ceil(parseDuration(parts[2]) / 1000);
    if (durationS < 1) throw new Error('duration');
    return { points, durationS, blockS };
  } catch {
    throw new ConfigError(`RATE_LIMIT_${name} must be <points>/<duration>[/<block>] (e.g. 20/1m or 5/15m/1h) or off, not "${value}"`);
  }
}

export function loadLimitSettings(env: NodeJS.ProcessEnv): Record<LimitName, LimitSetting | undefined> {
  const entries = (Object.keys(LIMIT_DEFAULTS) as LimitName[])
    .map((name) => [name, parseLimitSetting(name, env[`RATE_LIMIT_${name}`]?.trim() || LIMIT_DEFAULTS[name])] as const);
  return Object.fromEntries(entries) as Record<LimitName, LimitSetting | undefined>;
}

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
