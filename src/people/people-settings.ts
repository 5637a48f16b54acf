import { ConfigError } from '../config-error';
import { parseDuration } from '../domain/duration';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './sessions';

/** Console sign-in and invitation settings, read from the environment. */
export interface PeopleSettings {
  sessions: SessionSettings;
  /** INVITATION_TTL: how long an invitation link stays valid */
  invitationTtlS: number;
  /** PUBLIC_URL: the address people open the console at (invitation links); else the request's own host */
  publicUrl?: string;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallbackS: number, minS: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallbackS;
  let s: number;
  try {
    s = Math.round(parseDuration(raw) / 1000);
  } catch {
    throw new ConfigError(`${name} must be a duration such as 30m, 12h or 7d, not "${raw}"`);
  }
  if (s < minS) throw new ConfigError(`${name} must be at least ${minS} s`);
  return s;
}

export function loadPeopleSettings(env: NodeJS.ProcessEnv): PeopleSettings {
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://support.example.com, not "${publicUrl}"`);
  }
  return {
    sessions: {
      maxAgeS: seconds(env, 'SESSION_MAX_AGE', DEFAULT_SESSION_SETTINGS.maxAgeS, 60),
      idleTimeoutS: seconds(env, 'SESSION_IDLE_TIMEOUT', DEFAULT_SESSION_SETTINGS.idleTimeoutS, 60),
    },
    invitationTtlS: seconds(env, 'INVITATION_TTL', 7 * 86_400, 60),
    publicUrl,
  };
}
