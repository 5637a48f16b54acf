import { z } from 'zod';
import { ConfigError } from '../config-error';
import { ApiChannelSender } from './api-channel';
import type { ChannelModule } from './channel-module';
import { PushNotifier } from './push/push-notifier';
import { loadPushSettings, type PushSettings } from './push/push-settings';

interface ApiChannelSettings {
  webhook?: { url: string; secret: string };
  push: PushSettings;
}

/**
 * The API channel is always on (its routes live in the gateway's /api/v1); its optional push webhook is set
 * by API_CHANNEL_WEBHOOK_URL, its mobile push by PUSH_FCM_SERVICE_ACCOUNT / PUSH_WEBHOOK_URL.
 */
export const apiChannelModule: ChannelModule<ApiChannelSettings> = {
  channel: 'api',
  loadSettings(env) {
    const push = loadPushSettings(env);
    const url = env.API_CHANNEL_WEBHOOK_URL?.trim();
    if (!url) return { push };
    if (!z.url().safeParse(url).success) throw new ConfigError('API_CHANNEL_WEBHOOK_URL is not a URL');
    const secret = env.API_CHANNEL_WEBHOOK_SECRET?.trim() || env.API_CHANNEL_KEY?.trim();
    if (!secret) {
      throw new ConfigError('API_CHANNEL_WEBHOOK_URL needs API_CHANNEL_WEBHOOK_SECRET (or API_CHANNEL_KEY) to sign deliveries');
    }
    return { webhook: { url, secret }, push };
  },
  describe: (s) => `POST /api/v1/messages${s.webhook ? `, replies pushed to ${s.webhook.url}` : ''}` +
    `${s.push.fcm ? `, mobile push through FCM (project ${s.push.fcm.account.project_id})` : ''}${s.push.webhook ? `, mobile push through ${s.push.webhook.url}` : ''}`,
  sender: (s, db) => new ApiChannelSender(db, s.webhook, 10_000, new PushNotifier(db, s.push)),
};
