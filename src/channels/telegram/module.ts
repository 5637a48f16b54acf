import type { ChannelModule } from '../channel-module';
import { TelegramBotApi } from './bot-api';
import { telegramRoutes } from './inbound-routes';
import { DbOutboundStore } from '../outbound-parts';
import { TelegramSender } from './sender';
import { loadTelegramSettings, type TelegramSettings } from './settings';

/** Telegram: webhook POST /webhooks/telegram in, Bot API sendMessage out. On when TELEGRAM_BOT_TOKEN is set. */
export const telegramModule: ChannelModule<TelegramSettings> = {
  channel: 'telegram',
  loadSettings: loadTelegramSettings,
  describe: (s) => `webhook POST /webhooks/telegram, replies via ${s.apiBaseUrl}`,
  routes: telegramRoutes,
  sender: (s, db) => new TelegramSender(new TelegramBotApi(s), new DbOutboundStore(db, 'telegram')),
};
