import { ConfigError } from '../../src/config-error';
import { loadRoutingSettings } from '../../src/routing/settings';

describe('ROUTING_OFFER_TIMEOUT', () => {
  it('defaults to a minute and takes durations', () => {
    expect(loadRoutingSettings({})).toEqual({ offerTimeoutMs: 60_000 });
    expect(loadRoutingSettings({ ROUTING_OFFER_TIMEOUT: ' 2m ' })).toEqual({ offerTimeoutMs: 120_000 });
    expect(loadRoutingSettings({ ROUTING_OFFER_TIMEOUT: '' })).toEqual({ offerTimeoutMs: 60_000 });
  });

  it('refuses nonsense and offers too short to read', () => {
    expect(() => loadRoutingSettings({ ROUTING_OFFER_TIMEOUT: 'soon' })).toThrow(ConfigError);
    expect(() => loadRoutingSettings({ ROUTING_OFFER_TIMEOUT: '1s' })).toThrow(/at least 5s/);
  });
});
