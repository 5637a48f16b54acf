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

  it('turns on TLS for Temporal Cloud API keys', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls).toBe(true);
  });
});
