import { z } from 'zod';
import { activeChannels } from './channels/registry';
import type { ActiveChannel } from './channels/channel-module';
import { loadLimitSettings } from './abuse/limit-settings';
import { ConfigError } from './config-error';
import { trustProxyFromEnv } from './gateway/trust-proxy';
import { loadIntegrationWebhooks, type IntegrationWebhookSettings } from './integrations/webhook-settings';
import { resolvePolicy, type SupportPolicy } from './domain/policy';
import { withCsatSettings } from './csat/csat-settings';
import type { DataConverter } from '@temporalio/common';
import { payloadDataConverter } from './temporal/payload-encryption';
import type { BootstrapSettings } from './db/credentials';
import { PASSWORD_MAX, PASSWORD_MIN } from './people/passwords';
import { loadPeopleSettings } from './people/people-settings';
import { loadReviewSettings } from './review/review-settings';
import { loadAttachmentSettings, type AttachmentSettings } from './attachments/settings';

export { ConfigError };

/** Every setting comes from the environment and is validated once, at start-up. */
const optionalString = z.string().trim().min(1).optional().catch(undefined);
const booleanFlag = z.enum(['true', 'false', '1', '0', '']).optional().transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalString,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('support-issues'),
  TEMPORAL_TLS: booleanFlag,
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SUPPORT_POLICY: z.string().optional(),
  BOOTSTRAP_OPERATOR_TOKEN: optionalString,
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional().or(z.literal('').transform(() => undefined)),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).optional().or(z.literal('').transform(() => undefined)),
  API_CHANNEL_KEY: optionalString,
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256 * 1024),
  METRICS_TOKEN: optionalString,
  CODEC_ACCESS_KEY: optionalString,
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(500),
  OPERATOR_ACTION_WAIT_MS: z.coerce.number().int().min(500).max(120_000).default(5_000),
  ANALYTICS_FACTS_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
});

export interface AppConfig {
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  databaseUrl?: string;
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
    devServerPort: number;
    devServerUiPort: number;
  };
  openai?: { apiKey: string; baseURL?: string; model: string; timeoutMs: number };
  policy: SupportPolicy;
  bootstrap: BootstrapSettings;
  /** the channels switched on by their settings (the API channel always is) */
  channels: ActiveChannel[];
  /** encryption of Temporal payloads (PAYLOAD_ENCRYPTION_KEY); undefined = off */
  dataConverter?: DataConverter;
  /** integrators' webhooks for issue events (WEBHOOK_URLS) */
  integrationWebhooks?: IntegrationWebhookSettings;
  /** the environment the config was read from, for modules that read their own settings */
  env: NodeJS.ProcessEnv;
  maxBodyBytes: number;
  workerHttpPort: number;
  /** issue workflows a worker keeps in memory between their tasks (sticky cache): bounds its memory */
  workerMaxCachedWorkflows: number;
  /** how long an operator action waits for a worker before the gateway answers 503 (retry with the same key) */
  operatorActionWaitMs: number;
  /** pause of the analytics facts refresher between passes (src/analytics/facts/facts-refresher.ts) */
  analyticsFactsRefreshMs: number;
  /** Bearer token for /metrics (gateway and worker); unset = nobody may scrape */
  metricsToken?: string;
  /** the key in the path of the Temporal UI's codec endpoint (`/codec/<key>`); npm start generates one per run */
  codecAccessKey?: string;
  /** files customers and operators exchange (ATTACHMENTS_*) */
  attachments: AttachmentSettings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  let policy: SupportPolicy;
  try {
    policy = resolvePolicy(e.SUPPORT_POLICY);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  policy = withCsatSettings(policy, env);
  if (e.TEMPORAL_TLS_CERT_PATH && !e.TEMPORAL_TLS_KEY_PATH) {
    throw new ConfigError('TEMPORAL_TLS_CERT_PATH needs TEMPORAL_TLS_KEY_PATH');
  }
  // read again where they are used; checked here so a bad value stops the start with its message
  loadLimitSettings(env);
  trustProxyFromEnv(env);
  loadPeopleSettings(env);
  loadReviewSettings(env);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY),
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      devServerPort: e.TEMPORAL_PORT,
      devServerUiPort: e.TEMPORAL_UI_PORT,
    },
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS }
      : undefined,
    policy,
    bootstrap: {
      operatorToken: e.BOOTSTRAP_OPERATOR_TOKEN, apiChannelKey: e.API_CHANNEL_KEY,
      adminEmail: e.BOOTSTRAP_ADMIN_EMAIL, adminPassword: e.BOOTSTRAP_ADMIN_PASSWORD,
    },
    channels: activeChannels(env),
    integrationWebhooks: loadIntegrationWebhooks(env),
    dataConverter: payloadDataConverter(env),
    env,
    maxBodyBytes: e.MAX_BODY_BYTES,
    workerHttpPort: e.WORKER_HTTP_PORT,
    workerMaxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    operatorActionWaitMs: e.OPERATOR_ACTION_WAIT_MS,
    analyticsFactsRefreshMs: e.ANALYTICS_FACTS_REFRESH_MS,
    metricsToken: e.METRICS_TOKEN,
    codecAccessKey: e.CODEC_ACCESS_KEY,
    attachments: loadAttachmentSettings(env),
  };
}
