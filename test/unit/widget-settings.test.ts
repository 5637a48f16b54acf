import { ConfigError } from '../../src/config-error';
import { loadWidgetSettings } from '../../src/channels/widget/settings';

describe('widget settings', () => {
  it('is on by default with the demo site key and a generated secret', () => {
    expect(loadWidgetSettings({})).toEqual({
      siteKeys: ['demo'], tokenSecret: undefined, tokenTtlS: 30 * 86_400, maxStreamsPerVisitor: 3, streamMaxAgeMs: 3_600_000,
    });
  });

  it('takes site keys and a secret, and WIDGET_ENABLED=false turns it off', () => {
    expect(loadWidgetSettings({ WIDGET_SITE_KEY: 'shop, blog', WIDGET_TOKEN_SECRET: 's'.repeat(32) }))
      .toMatchObject({ siteKeys: ['shop', 'blog'], tokenSecret: 's'.repeat(32) });
    expect(loadWidgetSettings({ WIDGET_TOKEN_TTL: '12h', WIDGET_MAX_STREAMS_PER_VISITOR: '5' }))
      .toMatchObject({ tokenTtlS: 43_200, maxStreamsPerVisitor: 5 });
    expect(loadWidgetSettings({ WIDGET_ENABLED: 'false' })).toBeUndefined();
  });

  it('stops the start on bad values', () => {
    expect(() => loadWidgetSettings({ WIDGET_ENABLED: 'maybe' })).toThrow(ConfigError);
    expect(() => loadWidgetSettings({ WIDGET_SITE_KEY: 'bad key"' })).toThrow(/WIDGET_SITE_KEY/);
    expect(() => loadWidgetSettings({ WIDGET_TOKEN_SECRET: 'short' })).toThrow(/at least 16/);
    expect(() => loadWidgetSettings({ WIDGET_TOKEN_TTL: 'forever' })).toThrow(/WIDGET_TOKEN_TTL/);
    expect(() => loadWidgetSettings({ WIDGET_TOKEN_TTL: '10s' })).toThrow(/WIDGET_TOKEN_TTL/);
    expect(() => loadWidgetSettings({ WIDGET_MAX_STREAMS_PER_VISITOR: '0' })).toThrow(/WIDGET_MAX_STREAMS_PER_VISITOR/);
    expect(() => loadWidgetSettings({ WIDGET_STREAM_MAX_AGE: '10ms' })).toThrow(/WIDGET_STREAM_MAX_AGE/);
  });
});
