import type { Db } from '../../db/pool';
import { signWebhook } from '../webhook-signature';
import { FcmAccessToken } from './fcm-access-token';
import { activeDevices, claimPush, disableDevice, releasePush, type PushDevice } from './push-devices';
import type { PushSettings } from './push-settings';

export interface PushedMessage { messageId: string; issueId: string; text: string; externalId: string; signal?: AbortSignal }

/** The device will never take a push again (unregistered token): disable it, do not retry. */
class DeviceGone extends Error {}

const PREVIEW = 180;

/**
 * Notifies a customer's registered devices of a reply: through FCM HTTP v1 (Android, iOS through APNs, web) or
 * the company's own push webhook. Each (message, device) at most once; a device whose token the provider calls
 * gone is disabled; other failures are retried with the delivery (throwing gives the claim back).
 */
export class PushNotifier {
  private readonly fcmToken?: FcmAccessToken;

  constructor(private readonly db: Db, private readonly settings: PushSettings, private readonly timeoutMs = 10_000) {
    if (settings.fcm) this.fcmToken = new FcmAccessToken(settings.fcm.account, timeoutMs);
  }

  get enabled(): boolean {
    return Boolean(this.settings.fcm || this.settings.webhook);
  }

  /** Returns how many devices were notified now. */
  async notify(customerId: string, message: PushedMessage): Promise<number> {
    if (!this.enabled) return 0;
    let notified = 0;
    for (const device of await activeDevices(this.db, customerId)) {
      if (!(await claimPush(this.db, message.messageId, device.id))) continue;
      try {
        await this.push(device, message);
        notified += 1;
      } catch (error) {
        if (error instanceof DeviceGone) {
          await disableDevice(this.db, device.id, error.message);
          continue;
        }
        await releasePush(this.db, message.messageId, device.id);
        throw error;
      }
    }
    return notified;
  }

  private signal(message: PushedMessage): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return message.signal ? AbortSignal.any([timeout, message.signal]) : timeout;
  }

  private async push(device: PushDevice, message: PushedMessage): Promise<void> {
    const preview = message.text.length > PREVIEW ? `${message.text.slice(0, PREVIEW - 1)}…` : message.text;
    if (device.provider === 'fcm') {
      if (!this.settings.fcm) throw new DeviceGone('FCM is not configured (PUSH_FCM_SERVICE_ACCOUNT)');
      return this.pushFcm(device, message, preview);
    }
    if (!this.settings.webhook) throw new DeviceGone('no push webhook is configured (PUSH_WEBHOOK_URL)');
    const body = JSON.stringify({
      deliveryId: `${message.messageId}:${device.id}`, type: 'push',
      customer: { externalId: message.externalId }, device: { token: device.token, platform: device.platform },
      message: { id: message.messageId, issueId: message.issueId, preview },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.settings.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-switchboard-delivery': `${message.messageId}:${device.id}`,
        'x-switchboard-timestamp': String(timestamp), 'x-switchboard-signature': signWebhook(this.settings.webhook.secret, timestamp, body),
      },
      body,
      signal: this.signal(message),
    });
    if (response.status === 410) throw new DeviceGone('the push webhook answered 410 Gone');
    if (!response.ok) throw new Error(`push webhook answered ${response.status}`);
  }

  private async pushFcm(device: PushDevice, message: PushedMessage, preview: string): Promise<void> {
    const { account, baseUrl } = this.settings.fcm!;
    const response = await fetch(`${baseUrl}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.fcmToken!.get()}` },
      body: JSON.stringify({
        message: {
          token: device.token,
          notification: { body: preview },
          // what the app needs to open the conversation (GET /api/v1/customers/{externalId}/messages)
          data: { type: 'message', issueId: message.issueId, messageId: message.messageId },
        },
      }),
      signal: this.signal(message),
    });
    if (response.ok) return;
    const error = await response.json().catch(() => undefined) as { error?: { status?: string; details?: { errorCode?: string }[] } } | undefined;
    const code = error?.error?.details?.find((d) => d.errorCode)?.errorCode ?? error?.error?.status ?? '';
    // FCM's documented answers for a token that will never work again
    if (response.status === 404 || code === 'UNREGISTERED' || (response.status === 400 && code === 'INVALID_ARGUMENT')) {
      throw new DeviceGone(`FCM: ${code || response.status}`);
    }
    throw new Error(`FCM answered ${response.status} ${code}`.trim());
  }
}
