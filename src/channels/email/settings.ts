import { z } from 'zod';
import { ConfigError } from '../../config-error';
import { loadPeopleSettings } from '../../people/people-settings';

export interface EmailSettings {
  /** the one address customers write to; replies come from it */
  supportAddress: string;
  /** display name on replies, e.g. "Acme Support" */
  supportName?: string;
  /** outbound relay, e.g. smtp://user:pass@smtp.example.com:587 or smtps://… */
  smtpUrl: string;
  listenHost: string;
  /** 0 = any free port (tests); the bound port is on the listener */
  listenPort: number;
  maxMessageBytes: number;
  /**
   * the authserv-id our MX writes into Authentication-Results (EMAIL_AUTHSERV_ID); only its SPF/DKIM/DMARC
   * verdicts count as evidence that a From address is genuine. Undefined: no mail carries such evidence.
   */
  authservId?: string;
  /** PUBLIC_URL: where the gateway is reached; the CSAT e-mail's one-click rating links point there (none without it) */
  publicUrl?: string;
  /** SMTP connections served at once (SMTP_MAX_CLIENTS); with maxMessageBytes it bounds the memory mail can take */
  maxClients: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const schema = z.object({
  SUPPORT_EMAIL_ADDRESS: z.email('SUPPORT_EMAIL_ADDRESS must be an e-mail address').max(254),
  SUPPORT_EMAIL_NAME: z.string().trim().max(100).optional().transform((v) => v || undefined),
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^/\s]+/i, 'SMTP_URL must look like smtp://host:port or smtps://host:port'),
  SMTP_LISTEN_HOST: z.string().trim().min(1).default('0.0.0.0'),
  SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  EMAIL_AUTHSERV_ID: z.string().trim().regex(/^[A-Za-z0-9.-]{1,253}$/, 'EMAIL_AUTHSERV_ID must be a host name such as mx.example.com').optional(),
  SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(20),
  EMAIL_MAX_MESSAGE_BYTES: z.coerce.number().int().min(10 * 1024).max(50 * 1024 * 1024).default(DEFAULT_MAX_MESSAGE_BYTES),
});

/** On when SUPPORT_EMAIL_ADDRESS is set; replies then need SMTP_URL. */
export function loadEmailSettings(env: NodeJS.ProcessEnv): EmailSettings | undefined {
  const address = env.SUPPORT_EMAIL_ADDRESS?.trim();
  if (!address) return undefined;
  if (!env.SMTP_URL?.trim()) {
    throw new ConfigError('SUPPORT_EMAIL_ADDRESS is set but SMTP_URL is missing: replies need an SMTP server (e.g. smtp://127.0.0.1:2526)');
  }
  const blankToUndefined = (v: string | undefined) => (v?.trim() ? v : undefined);
  const parsed = schema.safeParse({
    SUPPORT_EMAIL_ADDRESS: address,
    SUPPORT_EMAIL_NAME: blankToUndefined(env.SUPPORT_EMAIL_NAME),
    SMTP_URL: env.SMTP_URL,
    SMTP_LISTEN_HOST: blankToUndefined(env.SMTP_LISTEN_HOST),
    SMTP_LISTEN_PORT: blankToUndefined(env.SMTP_LISTEN_PORT),
    EMAIL_MAX_MESSAGE_BYTES: blankToUndefined(env.EMAIL_MAX_MESSAGE_BYTES),
    EMAIL_AUTHSERV_ID: blankToUndefined(env.EMAIL_AUTHSERV_ID),
    SMTP_MAX_CLIENTS: blankToUndefined(env.SMTP_MAX_CLIENTS),
  });
  if (!parsed.success) throw new ConfigError(`invalid e-mail channel settings:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  return {
    supportAddress: e.SUPPORT_EMAIL_ADDRESS.toLowerCase(),
    supportName: e.SUPPORT_EMAIL_NAME,
    smtpUrl: e.SMTP_URL,
    listenHost: e.SMTP_LISTEN_HOST,
    listenPort: e.SMTP_LISTEN_PORT,
    maxMessageBytes: e.EMAIL_MAX_MESSAGE_BYTES,
    authservId: e.EMAIL_AUTHSERV_ID?.toLowerCase(),
    maxClients: e.SMTP_MAX_CLIENTS,
    publicUrl: loadPeopleSettings(env).publicUrl,
  };
}
