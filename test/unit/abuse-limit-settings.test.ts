import { LIMIT_DEFAULTS, loadLimitSettings, parseLimitSetting } from '../../src/abuse/limit-settings';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/config-error';
import { trustProxyFromEnv } from '../../src/gateway/trust-proxy';

describe('abuse limit settings', () => {
  it('has a documented default for every limit and reads overrides', () => {
    const defaults = loadLimitSettings({});
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(LIMIT_DEFAULTS).sort());
    expect(defaults.LINK_ATTEMPTS_PER_IDENTITY).toEqual({ points: 5, durationS: 900, blockS: 3600 });
    expect(defaults.WIDGET_MESSAGES_PER_VISITOR).toEqual({ points: 20, durationS: 60, blockS: 0 });
    const set = loadLimitSettings({ RATE_LIMIT_API_MESSAGES_PER_KEY: '50/10s', RATE_LIMIT_SMTP_MESSAGES_PER_CLIENT: 'off' });
    expect(set.API_MESSAGES_PER_KEY).toEqual({ points: 50, durationS: 10, blockS: 0 });
    expect(set.SMTP_MESSAGES_PER_CLIENT).toBeUndefined();
  });

  it('stops the start on a malformed limit or proxy setting', () => {
    for (const bad of ['20', '20/', 'x/1m', '0.5/1m', '-1/1m', '20/1m/1h/2h', '20/soon']) {
      expect(() => parseLimitSetting('WIDGET_MESSAGES_PER_VISITOR', bad)).toThrow(ConfigError);
    }
    expect(() => loadConfig({ RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR: 'lots' })).toThrow(/RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('trusts the loopback proxy by default, or the hops and networks named', () => {
    expect(trustProxyFromEnv({})).toBe('loopback');
    expect(trustProxyFromEnv({ TRUST_PROXY: '2' })).toBe(2);
    expect(trustProxyFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toBe('loopback, 10.0.0.0/8');
    expect(() => trustProxyFromEnv({ TRUST_PROXY: '*' })).toThrow(ConfigError);
  });
});
