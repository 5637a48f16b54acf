import { ConfigError, loadConfig } from '../../src/config';
import { loadPeopleSettings } from '../../src/people/people-settings';

it('reads session, invitation and public-address settings, with defaults', () => {
  expect(loadPeopleSettings({})).toEqual({ sessions: { maxAgeS: 43_200, idleTimeoutS: 7_200 }, invitationTtlS: 604_800, publicUrl: undefined });
  expect(loadPeopleSettings({ SESSION_MAX_AGE: '8h', SESSION_IDLE_TIMEOUT: '30m', INVITATION_TTL: '2d', PUBLIC_URL: 'https://support.example.com/' }))
    .toEqual({ sessions: { maxAgeS: 28_800, idleTimeoutS: 1_800 }, invitationTtlS: 172_800, publicUrl: 'https://support.example.com' });
});

it('stops the start on a bad value, naming the setting', () => {
  expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: 'soon' })).toThrow(/SESSION_IDLE_TIMEOUT must be a duration/);
  expect(() => loadConfig({ SESSION_MAX_AGE: '10s' })).toThrow(ConfigError);
  expect(() => loadConfig({ PUBLIC_URL: 'support.example.com' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
  expect(() => loadConfig({ BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
  expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'not an address' })).toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
  expect(loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'boss@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'long enough secret' }).bootstrap)
    .toMatchObject({ adminEmail: 'boss@example.com', adminPassword: 'long enough secret' });
});
