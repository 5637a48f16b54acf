import { Duration } from 'luxon';
import { parseDuration } from '../duration';

/**
 * An SLA target's length: ISO-8601 ("PT1H", "P1DT12H", "P1W") or the support policy's short form ("15m", "4h",
 * "1d"). Counted in business time, so a day is 24 hours of open time, not a working day; months and years
 * (of varying length) are refused.
 */
export const MAX_SLA_TARGET_MS = 366 * 86_400_000;

export function slaDurationMs(text: string): number {
  const value = text.trim();
  let ms: number;
  if (/^P/i.test(value)) {
    const duration = Duration.fromISO(value.toUpperCase());
    if (!duration.isValid) throw new Error(`"${text}" is not an ISO-8601 duration (e.g. PT30M, PT4H, P1D)`);
    if (duration.years || duration.quarters || duration.months) {
      throw new Error(`"${text}": months and years vary in length; use days or weeks`);
    }
    ms = duration.toMillis();
  } else {
    ms = parseDuration(value);
  }
  if (!(ms > 0)) throw new Error(`"${text}" must be longer than zero`);
  if (ms > MAX_SLA_TARGET_MS) throw new Error(`"${text}" is longer than 366 days`);
  return Math.round(ms);
}
