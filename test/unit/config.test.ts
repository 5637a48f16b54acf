import { ConfigError, loadConfig } from '../../src/config';

describe('configuration from the environment', () => {
  it('runs on defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.namespace).toBe('default');
    expect(config.openai).toBeUndefined();
  });

  it('switches to ChatGPT only with a key, with base URL and model configurable', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1', OPENAI_MODEL: 'm' });
    expect(config.openai).toMatchObject({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9999/v1', model: 'm' });
  });

  it('fails at start-up with a clear message for bad values', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SUPPORT_POLICY: '{"firstResponse":{"urgent":"soon"}}' })).toThrow(/SUPPORT_POLICY/);
    expect(() => loadConfig({ API_CHANNEL_WEBHOOK_URL: 'http://127.0.0.1:1/hook' })).toThrow(/needs API_CHANNEL_WEBHOOK_SECRET/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(ConfigError);
  });

  it('bounds the workflow cache of a worker: WORKER_MAX_CACHED_WORKFLOWS, 500 by default', () => {
    expect(loadConfig({}).workerMaxCachedWorkflows).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).workerMaxCachedWorkflows).toBe(0);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2000' }).workerMaxCachedWorkflows).toBe(2000);
    for (const bad of ['-1', '1.5', 'lots', '100001']) {
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
  });

  it('turns on TLS for Temporal Cloud API keys', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls).toBe(true);
  });
});

describe('hardening settings', () => {
  const hooks = { WEBHOOK_URLS: 'https://hooks.example/sb', WEBHOOK_SECRET: 's' };

  it('keeps delivered webhook rows 7 days unless WEBHOOK_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig(hooks).integrationWebhooks?.retentionDays).toBe(7);
    expect(loadConfig({ ...hooks, WEBHOOK_RETENTION_DAYS: '0.5' }).integrationWebhooks?.retentionDays).toBe(0.5);
    expect(() => loadConfig({ ...hooks, WEBHOOK_RETENTION_DAYS: 'forever' })).toThrow(/WEBHOOK_RETENTION_DAYS/);
    expect(() => loadConfig({ ...hooks, WEBHOOK_RETENTION_DAYS: '0' })).toThrow(/WEBHOOK_RETENTION_DAYS/);
  });

  it('reads METRICS_TOKEN and CODEC_ACCESS_KEY, both off when unset', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, codecAccessKey: undefined });
    expect(loadConfig({ METRICS_TOKEN: 'mt', CODEC_ACCESS_KEY: 'cx' })).toMatchObject({ metricsToken: 'mt', codecAccessKey: 'cx' });
  });
});

describe('CSAT settings', () => {
  it('asks always by default, reminds once halfway through the rating window (12 h), and carries both into the issue policy', () => {
    const { policy } = loadConfig({});
    expect(policy.csatMode).toBe('always');
    expect(policy.csatReminderMs).toBe(12 * 3_600_000);
  });

  it('takes CSAT_MODE off | operator | always and CSAT_REMINDER_AFTER as a duration or off', () => {
    expect(loadConfig({ CSAT_MODE: 'off' }).policy.csatMode).toBe('off');
    expect(loadConfig({ CSAT_MODE: 'operator' }).policy.csatMode).toBe('operator');
    expect(loadConfig({ CSAT_REMINDER_AFTER: '5s' }).policy.csatReminderMs).toBe(5_000);
    expect(loadConfig({ CSAT_REMINDER_AFTER: 'off' }).policy.csatReminderMs).toBeUndefined();
  });

  it('refuses a bad mode, a bad duration and a reminder the rating window would never reach', () => {
    expect(() => loadConfig({ CSAT_MODE: 'sometimes' })).toThrow(/CSAT_MODE/);
    expect(() => loadConfig({ CSAT_REMINDER_AFTER: 'soon' })).toThrow(/CSAT_REMINDER_AFTER/);
    expect(() => loadConfig({ CSAT_REMINDER_AFTER: '2d' })).toThrow(/CSAT_REMINDER_AFTER.*csatWait/);
  });
});

describe('CSAT reminder default', () => {
  it('follows a shorter csatWait: half of it', () => {
    expect(loadConfig({ SUPPORT_POLICY: '{"csatWait":"20s"}' }).policy.csatReminderMs).toBe(10_000);
  });
});
