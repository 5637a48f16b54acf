import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config-error';

/** A Google service account's key file (the JSON the Firebase console downloads), as far as FCM needs it. */
const serviceAccountSchema = z.object({
  type: z.literal('service_account'),
  project_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  client_email: z.email(),
  token_uri: z.url().default('https://oauth2.googleapis.com/token'),
});
export type FcmServiceAccount = z.infer<typeof serviceAccountSchema>;

export interface PushSettings {
  fcm?: { account: FcmServiceAccount; baseUrl: string };
  webhook?: { url: string; secret: string };
}

/**
 * Mobile push for the API channel. `PUSH_FCM_SERVICE_ACCOUNT`: the service-account JSON itself or a path to the
 * file; `PUSH_FCM_BASE_URL` (default Google's); `PUSH_WEBHOOK_URL` (+ `PUSH_WEBHOOK_SECRET`, default the API
 * channel key): the company's own push service instead. Neither set: push is off.
 */
export function loadPushSettings(env: NodeJS.ProcessEnv): PushSettings {
  const settings: PushSettings = {};
  const account = env.PUSH_FCM_SERVICE_ACCOUNT?.trim();
  if (account) {
    let json: unknown;
    try {
      json = JSON.parse(account.startsWith('{') ? account : readFileSync(account, 'utf8'));
    } catch (error) {
      throw new ConfigError(`PUSH_FCM_SERVICE_ACCOUNT is neither service-account JSON nor a readable JSON file (${(error as Error).message})`);
    }
    const parsed = serviceAccountSchema.safeParse(json);
    if (!parsed.success) throw new ConfigError(`PUSH_FCM_SERVICE_ACCOUNT is not a service-account key: ${z.prettifyError(parsed.error)}`);
    const baseUrl = env.PUSH_FCM_BASE_URL?.trim() || 'https://fcm.googleapis.com';
    if (!z.url().safeParse(baseUrl).success) throw new ConfigError('PUSH_FCM_BASE_URL is not a URL');
    settings.fcm = { account: parsed.data, baseUrl: baseUrl.replace(/\/+$/, '') };
  }
  const webhookUrl = env.PUSH_WEBHOOK_URL?.trim();
  if (webhookUrl) {
    if (!z.url().safeParse(webhookUrl).success) throw new ConfigError('PUSH_WEBHOOK_URL is not a URL');
    const secret = env.PUSH_WEBHOOK_SECRET?.trim() || env.API_CHANNEL_KEY?.trim();
    if (!secret) throw new ConfigError('PUSH_WEBHOOK_URL needs PUSH_WEBHOOK_SECRET (or API_CHANNEL_KEY) to sign pushes');
    settings.webhook = { url: webhookUrl, secret };
  }
  return settings;
}
