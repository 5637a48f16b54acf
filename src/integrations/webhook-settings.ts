import { z } from 'zod';
import { ConfigError } from '../config-error';

export interface IntegrationWebhookSettings {
  urls: string[];
  secret: string;
  /** delivered outbox rows are deleted after this many days (WEBHOOK_RETENTION_DAYS, default 7) */
  retentionDays?: number;
}

export const DEFAULT_RETENTION_DAYS = 7;

/** WEBHOOK_URLS (comma-separated), WEBHOOK_SECRET (HMAC key), WEBHOOK_RETENTION_DAYS; off when no URL is given. */
export function loadIntegrationWebhooks(env: NodeJS.ProcessEnv): IntegrationWebhookSettings | undefined {
  const urls = (env.WEBHOOK_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) return undefined;
  for (const url of urls) {
    if (!z.url().safeParse(url).success) throw new ConfigError(`WEBHOOK_URLS has an invalid URL: ${url}`);
  }
  const secret = env.WEBHOOK_SECRET?.trim();
  if (!secret) throw new ConfigError('WEBHOOK_URLS needs WEBHOOK_SECRET to sign deliveries');
  const retention = z.coerce.number().positive().max(3650).default(DEFAULT_RETENTION_DAYS)
    .safeParse(env.WEBHOOK_RETENTION_DAYS?.trim() || undefined);
  if (!retention.success) throw new ConfigError('WEBHOOK_RETENTION_DAYS must be a number of days (0 < days <= 3650)');
  return { urls, secret, retentionDays: retention.data };
}
