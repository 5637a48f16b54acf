import { z } from 'zod';
import { ConfigError } from '../../config-error';

export interface WhatsAppSettings {
  /** what Meta echoes in hub.verify_token when the webhook is registered */
  verifyToken: string;
  /** the app secret: key of X-Hub-Signature-256 */
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  /** Graph API base including the version, without a trailing slash */
  apiBaseUrl: string;
  /** sent instead of free text outside the 24-hour customer-service window; none: such replies fail */
  template?: { name: string; language: string };
}

export const DEFAULT_WHATSAPP_API_BASE_URL = 'https://graph.facebook.com/v21.0';

/** On when WHATSAPP_ACCESS_TOKEN is set; then the verify token, app secret and phone number id are required. */
export function loadWhatsAppSettings(env: NodeJS.ProcessEnv): WhatsAppSettings | undefined {
  const accessToken = env.WHATSAPP_ACCESS_TOKEN?.trim();
  if (!accessToken) return undefined;
  const missing = ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_PHONE_NUMBER_ID'].filter((k) => !env[k]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(`WHATSAPP_ACCESS_TOKEN is set, so ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required too`);
  }
  const phoneNumberId = env.WHATSAPP_PHONE_NUMBER_ID!.trim();
  if (!/^\d+$/.test(phoneNumberId)) throw new ConfigError('WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number id from the WhatsApp Manager');
  const apiBaseUrl = env.WHATSAPP_API_BASE_URL?.trim() || DEFAULT_WHATSAPP_API_BASE_URL;
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiBaseUrl).success) {
    throw new ConfigError('WHATSAPP_API_BASE_URL is not an http(s) URL');
  }
  const templateName = env.WHATSAPP_TEMPLATE_NAME?.trim();
  const language = env.WHATSAPP_TEMPLATE_LANGUAGE?.trim() || 'en_US';
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) {
    throw new ConfigError('WHATSAPP_TEMPLATE_LANGUAGE must be a template language code such as en_US or de');
  }
  return {
    verifyToken: env.WHATSAPP_VERIFY_TOKEN!.trim(),
    appSecret: env.WHATSAPP_APP_SECRET!.trim(),
    accessToken,
    phoneNumberId,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    template: templateName ? { name: templateName, language } : undefined,
  };
}
