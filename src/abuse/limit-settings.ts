import { ConfigError } from '../config-error';
import { parseDuration } from '../domain/duration';

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
  /** console sign-in attempts for one e-mail address: password guessing on one account stops, then waits */
  SIGN_IN_ATTEMPTS_PER_ACCOUNT: '10/15m/15m',
  /** console sign-in attempts from one client address (guessing across many accounts) */
  SIGN_IN_ATTEMPTS_PER_CLIENT: '30/15m/15m',
  /** invitation links tried from one client address: guessing invitation tokens stops */
  INVITATION_ATTEMPTS_PER_CLIENT: '20/15m/1h',
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
