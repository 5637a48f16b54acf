import { activeChannels } from '../../src/channels/registry';
import { loadMetaSettings } from '../../src/channels/meta/settings';
import { loadVkSettings } from '../../src/channels/vk/settings';
import { ConfigError } from '../../src/config-error';

const META = { META_PAGE_ACCESS_TOKEN: 'EAAG-token', META_APP_SECRET: 'secret', META_VERIFY_TOKEN: 'verify' };
const VK = { VK_ACCESS_TOKEN: 'vk1.a.token', VK_GROUP_ID: '218861756', VK_CONFIRMATION_CODE: '1a2b3c4d', VK_SECRET: 'abc123' };

describe('social channel settings', () => {
  it('leaves Facebook, Instagram and VK off without their settings', () => {
    const on = activeChannels({}).map((c) => c.module.channel);
    expect(on).not.toContain('facebook');
    expect(on).not.toContain('instagram');
    expect(on).not.toContain('vk');
  });

  it('turns Facebook and Instagram on together with Meta\'s settings, and VK with its own', () => {
    const on = activeChannels({ ...META, ...VK }).map((c) => c.module.channel);
    expect(on).toEqual(expect.arrayContaining(['facebook', 'instagram', 'vk']));
    expect(loadMetaSettings(META)).toMatchObject({ graphBaseUrl: 'https://graph.facebook.com/v21.0', commentPolicy: 'questions' });
    expect(loadVkSettings(VK)).toMatchObject({ groupId: 218861756, apiBaseUrl: 'https://api.vk.com/method' });
    expect(loadMetaSettings({ ...META, META_GRAPH_BASE_URL: 'http://127.0.0.1:9/v21.0/' })?.graphBaseUrl).toBe('http://127.0.0.1:9/v21.0');
  });

  it('refuses partial or bad settings at start-up with what is missing', () => {
    expect(() => loadMetaSettings({ META_PAGE_ACCESS_TOKEN: 'x' })).toThrow(/META_APP_SECRET, META_VERIFY_TOKEN are required/);
    expect(() => loadMetaSettings({ ...META, META_GRAPH_BASE_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadVkSettings({ VK_ACCESS_TOKEN: 'x', VK_GROUP_ID: '1' })).toThrow(/VK_CONFIRMATION_CODE, VK_SECRET are required/);
    expect(() => loadVkSettings({ ...VK, VK_GROUP_ID: '-218861756' })).toThrow(/numeric id/);
    expect(() => loadVkSettings({ ...VK, VK_SECRET: 'has spaces' })).toThrow(/Latin letters and digits/);
    expect(() => loadVkSettings({ ...VK, SOCIAL_COMMENT_POLICY: 'some' })).toThrow(/SOCIAL_COMMENT_POLICY/);
  });
});
