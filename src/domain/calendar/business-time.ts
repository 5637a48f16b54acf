import { DateTime } from 'luxon';
import { WEEKDAYS, type BusinessCalendar, type Weekday } from './business-calendar';
import { openIntervals } from './open-intervals';

/**
 * Business-time arithmetic over a calendar. Pure and deterministic (no clock, no I/O): the issue workflow calls
 * it. Instants in are epoch milliseconds, ISO-8601 strings or Dates; instants out are epoch milliseconds.
 */
export type Instant = number | string | Date;

export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(instant)}`);
  return ms;
}

/**
 * How far ahead a deadline is looked for: a due time further away is answered as `from` + this. It bounds the
 * work of one call (the workflow calls it within one activation); SLA policies are checked to stay well inside.
 */
export const DEADLINE_HORIZON_MS = 2 * 366 * 86_400_000;

/**
 * The earliest instant by which `ms` of business time has passed since `from`: from a closed moment the count
 * starts at the next opening; a count that runs out exactly at closing time ends at closing time. 0 → `from`.
 * Never later than `from` + DEADLINE_HORIZON_MS.
 */
export function addBusinessTime(calendar: BusinessCalendar, from: Instant, ms: number): number {
  const start = toEpochMs(from);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`business time to add must be a non-negative number of ms, not ${ms}`);
  if (ms === 0) return start;
  const horizon = start + DEADLINE_HORIZON_MS;
  let remaining = ms;
  for (const [open, close] of openIntervals(calendar, start)) {
    if (open + remaining > horizon) return horizon;
    if (remaining <= close - open) return open + remaining;
    remaining -= close - open;
  }
  throw new Error('unreachable: open intervals never end');
}

/** Business time between two instants, in ms; negative when `to` is before `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  const a = toEpochMs(from);
  const b = toEpochMs(to);
  if (b < a) return -businessTimeBetween(calendar, b, a);
  let total = 0;
  for (const [open, close] of openIntervals(calendar, a)) {
    if (open >= b) break;
    total += Math.min(close, b) - open;
  }
  return total;
}

/** Whether the calendar is open at the instant (a slot includes its start and excludes its end). */
export function isOpen(calendar: BusinessCalendar, at: Instant): boolean {
  const t = toEpochMs(at);
  const first = openIntervals(calendar, t).next();
  return !first.done && first.value[0] === t;
}

/** The instant itself when open, else the start of the next opening ("we answer from 09:00 Monday"). */
export function nextOpening(calendar: BusinessCalendar, from: Instant): number {
  const first = openIntervals(calendar, toEpochMs(from)).next();
  if (first.done) throw new Error('unreachable: open intervals never end');
  return first.value[0];
}

export interface LocalTime {
  /** ISO-8601 with the local offset, e.g. "2026-12-07T09:00:00.000+01:00" */
  iso: string;
  date: string;
  /** "HH:MM" */
  time: string;
  weekday: Weekday;
  timeZone: string;
}

/** How an instant reads on the calendar's wall clock, for telling the customer when an answer will come. */
export function localTime(calendar: BusinessCalendar, at: Instant): LocalTime {
  const local = DateTime.fromMillis(toEpochMs(at), { zone: calendar.timeZone });
  return {
    iso: local.toISO() ?? '',
    date: local.toISODate() ?? '',
    time: local.toFormat('HH:mm'),
    weekday: WEEKDAYS[local.weekday - 1],
    timeZone: calendar.timeZone,
  };
}
