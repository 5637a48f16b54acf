/**
 * `npm run telegram:set-webhook -- https://support.example.com/webhooks/telegram`: registers the gateway's
 * Telegram webhook with TELEGRAM_WEBHOOK_SECRET as its secret token (run once per bot and public URL).
 */
import { z } from 'zod';
import { ConfigError } from '../../config-error';
import { loadTelegramSettings } from './settings';
import { setTelegramWebhook } from './set-webhook';

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url || !z.url({ protocol: /^https$/ }).safeParse(url).success) {
    throw new ConfigError('usage: npm run telegram:set-webhook -- https://<public host>/webhooks/telegram (Telegram calls HTTPS URLs only)');
  }
  const settings = loadTelegramSettings(process.env);
  if (!settings) throw new ConfigError('TELEGRAM_BOT_TOKEN is not set');
  await setTelegramWebhook(settings, url);
  process.stdout.write(`Telegram webhook set to ${url}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`✗ ${error.message}\n`);
  process.exit(1);
});
