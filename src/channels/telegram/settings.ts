import { z } from 'zod';
import { ConfigError } from '../../config-error';

export interface TelegramSettings {
  botToken: string;
  /** what Telegram sends back in X-Telegram-Bot-Api-Secret-Token (set by setWebhook's secret_token) */
  webhookSecret: string;
  /** without a trailing slash */
  apiBaseUrl: string;
}

export const DEFAULT_TELEGRAM_API_BASE_URL = 'https://api.telegram.org';

// Telegram's own rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -.
const secretSchema = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);
const tokenSchema = z.string().regex(/^\d+:[A-Za-z0-9_-]+$/);

/** On when TELEGRAM_BOT_TOKEN is set; then TELEGRAM_WEBHOOK_SECRET is required. */
export function loadTelegramSettings(env: NodeJS.ProcessEnv): TelegramSettings | undefined {
  const botToken = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!botToken) return undefined;
  if (!tokenSchema.safeParse(botToken).success) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN does not look like a bot token ("<bot id>:<secret>" from @BotFather)');
  }
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim();
  if (!webhookSecret) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN is set, so TELEGRAM_WEBHOOK_SECRET is required (it authenticates Telegram\'s webhook calls)');
  }
  if (!secretSchema.safeParse(webhookSecret).success) {
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram\'s rule)');
  }
  const apiBaseUrl = env.TELEGRAM_API_BASE_URL?.trim() || DEFAULT_TELEGRAM_API_BASE_URL;
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiBaseUrl).success) {
    throw new ConfigError('TELEGRAM_API_BASE_URL is not an http(s) URL');
  }
  return { botToken, webhookSecret, apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') };
}
