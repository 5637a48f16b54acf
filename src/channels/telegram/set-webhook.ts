import { z } from 'zod';
import { TelegramBotApi } from './bot-api';
import type { TelegramSettings } from './settings';

/**
 * New messages and presses of the CSAT question's buttons are read; asking for nothing else keeps Telegram from
 * sending what we would ignore. (A webhook registered before the buttons must be set again for presses to arrive.)
 */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

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
