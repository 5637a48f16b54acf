import { z } from 'zod';
import { ConfigError } from '../config-error';

export interface IntegrationWebhookSettings {
  urls: string[];
  secret: string;
}

/** WEBHOOK_URLS (comma-separated) and WEBHOOK_SECRET (HMAC key); off when no URL is given. */
export function loadIntegrationWebhooks(env: NodeJS.ProcessEnv): IntegrationWebhookSettings | undefined {
  const urls = (env.WEBHOOK_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) return undefined;
  for (const url of urls) {
    if (!z.url().safeParse(url).success) throw new ConfigError(`WEBHOOK_URLS has an invalid URL: ${url}`);
  }
  const secret = env.WEBHOOK_SECRET?.trim();
  if (!secret) throw new ConfigError('WEBHOOK_URLS needs WEBHOOK_SECRET to sign deliveries');
  return { urls, secret };
}
