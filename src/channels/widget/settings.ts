import { ConfigError } from '../../config-error';
import { parseDuration } from '../../domain/duration';

export interface WidgetSettings {
  /** site keys a page may embed the widget with (the first one is used by the demo page) */
  siteKeys: string[];
  /** HMAC key of visitor tokens; undefined: generated once and kept in the database (channel_secrets) */
  tokenSecret?: string;
  /** a visitor token older than this is refused (WIDGET_TOKEN_TTL); tokens in use are renewed long before */
  tokenTtlS: number;
  /** open live streams one visitor may hold per gateway (WIDGET_MAX_STREAMS_PER_VISITOR) */
  maxStreamsPerVisitor: number;
  /** a stream ends after this long (WIDGET_STREAM_MAX_AGE); the script opens a new one with a fresh ticket */
  streamMaxAgeMs: number;
}

const DEFAULT_TOKEN_TTL = '30d';
const DEFAULT_MAX_STREAMS = 3;
const DEFAULT_STREAM_MAX_AGE = '1h';

const SITE_KEY = /^[A-Za-z0-9_-]{1,100}$/;
const MIN_SECRET_LENGTH = 16;

/**
 * The widget is on by default so `npm start` shows it on /demo. WIDGET_ENABLED=false turns it off;
 * WIDGET_SITE_KEY is a comma-separated list of site keys (default "demo").
 */
export function loadWidgetSettings(env: NodeJS.ProcessEnv): WidgetSettings | undefined {
  const enabled = (env.WIDGET_ENABLED ?? '').trim().toLowerCase();
  if (enabled === 'false' || enabled === '0') return undefined;
  if (!['', 'true', '1'].includes(enabled)) throw new ConfigError('WIDGET_ENABLED must be true or false');

  const siteKeys = (env.WIDGET_SITE_KEY?.trim() || 'demo').split(',').map((k) => k.trim()).filter(Boolean);
  const bad = siteKeys.find((k) => !SITE_KEY.test(k));
  if (bad !== undefined || siteKeys.length === 0) {
    throw new ConfigError('WIDGET_SITE_KEY must be one or more comma-separated keys of letters, digits, "_" or "-"');
  }
  const tokenSecret = env.WIDGET_TOKEN_SECRET?.trim() || undefined;
  if (tokenSecret !== undefined && tokenSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`WIDGET_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  let tokenTtlS: number;
  try {
    tokenTtlS = Math.floor(parseDuration(env.WIDGET_TOKEN_TTL?.trim() || DEFAULT_TOKEN_TTL) / 1000);
  } catch {
    tokenTtlS = 0;
  }
  if (tokenTtlS < 60) throw new ConfigError('WIDGET_TOKEN_TTL must be a duration of at least 1m (e.g. 30d)');
  const maxStreams = Number(env.WIDGET_MAX_STREAMS_PER_VISITOR?.trim() || DEFAULT_MAX_STREAMS);
  if (!Number.isInteger(maxStreams) || maxStreams < 1 || maxStreams > 100) {
    throw new ConfigError('WIDGET_MAX_STREAMS_PER_VISITOR must be a whole number from 1 to 100');
  }
  let streamMaxAgeMs: number;
  try {
    streamMaxAgeMs = parseDuration(env.WIDGET_STREAM_MAX_AGE?.trim() || DEFAULT_STREAM_MAX_AGE);
  } catch {
    streamMaxAgeMs = 0;
  }
  if (streamMaxAgeMs < 1_000) throw new ConfigError('WIDGET_STREAM_MAX_AGE must be a duration of at least 1s (e.g. 1h)');
  return { siteKeys, tokenSecret, tokenTtlS, maxStreamsPerVisitor: maxStreams, streamMaxAgeMs };
}
