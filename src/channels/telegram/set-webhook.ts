import { z } from 'zod';
import { TelegramBotApi } from './bot-api';
import type { TelegramSettings } from './settings';

/** Only new messages are read; asking for nothing else keeps Telegram from sending what we would ignore. */
export const ALLOWED_UPDATES = ['message'] as const;

/**
 * Points the bot's webhook at the gateway with our secret token, so Telegram signs each call with
 * X-Telegram-Bot-Api-Secret-Token. Safe to repeat (setWebhook replaces the previous one).
 */
export async function setTelegramWebhook(settings: TelegramSettings, webhookUrl: string): Promise<void> {
  const api = new TelegramBotApi(settings);
  await api.call('setWebhook', {
    url: webhookUrl,
    secret_token: settings.webhookSecret,
    allowed_updates: ALLOWED_UPDATES,
  }, z.literal(true));
}
