import { ConfigError } from '../config-error';
import { parseDuration } from '../domain/duration';
import { CSAT_MODES, type CsatMode, type SupportPolicy } from '../domain/policy';

/**
 * CSAT_MODE (off | operator | always, default always) and CSAT_REMINDER_AFTER (a duration or `off`; default half of csatWait), checked at
 * start-up and added to the support policy each new issue starts with, so a running issue keeps what it began with.
 */
export function withCsatSettings(policy: SupportPolicy, env: NodeJS.ProcessEnv): SupportPolicy {
  const modeText = env.CSAT_MODE?.trim() || 'always';
  if (!(CSAT_MODES as readonly string[]).includes(modeText)) {
    throw new ConfigError(`CSAT_MODE must be one of ${CSAT_MODES.join(', ')}, not "${modeText}"`);
  }
  const reminderText = env.CSAT_REMINDER_AFTER?.trim();
  // by default halfway through the rating window (12 h of the default day)
  let csatReminderMs: number | undefined = reminderText ? undefined : Math.round(policy.csatWaitMs / 2);
  if (reminderText && reminderText !== 'off') {
    try {
      csatReminderMs = parseDuration(reminderText);
    } catch {
      throw new ConfigError(`CSAT_REMINDER_AFTER must be a duration such as 30s, 4h or 1d (or off), not "${reminderText}"`);
    }
    if (csatReminderMs < 1_000 || csatReminderMs >= policy.csatWaitMs) {
      throw new ConfigError(`CSAT_REMINDER_AFTER (${reminderText}) must be at least 1s and shorter than the support policy's csatWait `
        + `(${policy.csatWaitMs / 1000} s), or the reminder would come after ratings are no longer taken`);
    }
  }
  return { ...policy, csatMode: modeText as CsatMode, ...(csatReminderMs ? { csatReminderMs } : {}) };
}
