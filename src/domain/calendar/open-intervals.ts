import { IANAZone } from 'luxon';
import { WEEKDAYS, minutesOf, type BusinessCalendar } from './business-calendar';

/**
 * The calendar's open time as a forward stream of instant intervals [start, end) in epoch milliseconds.
 *
 * An instant is open when its local wall-clock time (date and time in the calendar's zone) falls in a slot of
 * that local date and the date is no holiday. The walk goes in stretches of constant UTC offset, where local time
 * is instant + offset exactly; a daylight-saving change ends a stretch. So a spring-forward night's missing hour
 * is never open (01:00–03:00 lasts one hour), and the repeated hour of an autumn night is open both times
 * (01:00–03:00 lasts three). luxon gives the offsets (Intl's time-zone data); the rest is arithmetic.
 */
export type Interval = readonly [start: number, end: number];

const MINUTE = 60_000;
const DAY = 86_400_000;
/** offsets are probed this often: no zone changes its offset twice within six hours */
const PROBE = 6 * 3_600_000;

interface CompiledCalendar {
  zone: IANAZone;
  /** by JavaScript weekday (0 = Sunday): [from, to) in ms since local midnight */
  week: Array<Array<[number, number]>>;
  /** local dates as days since 1970-01-01 */
  holidays: Set<number>;
}

const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();
const JS_WEEKDAY: Record<(typeof WEEKDAYS)[number], number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export class CalendarNeverOpens extends Error {}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const known = compiled.get(calendar);
  if (known) return known;
  const zone = IANAZone.create(calendar.timeZone);
  if (!zone.isValid) throw new Error(`unknown time zone "${calendar.timeZone}"`);
  const week: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  for (const day of WEEKDAYS) {
    week[JS_WEEKDAY[day]] = (calendar.slots[day] ?? [])
      .map((slot): [number, number] => [minutesOf(slot.from) * MINUTE, minutesOf(slot.to) * MINUTE])
      .sort((a, b) => a[0] - b[0]);
  }
  const holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY));
  const result = { zone, week, holidays };
  compiled.set(calendar, result);
  return result;
}

const offsetAt = (zone: IANAZone, at: number) => zone.offset(at) * MINUTE;

/**
 * The first instant in (at, limit] whose offset is not `offset`, or `limit` when there is none. `limit` is at
 * most a local day away, and no zone changes its offset and back within a day: an unchanged offset at `limit`
 * settles it with one look-up (the common case; this runs once per day walked).
 */
function stretchEnd(zone: IANAZone, at: number, offset: number, limit: number): number {
  if (offsetAt(zone, limit) === offset) return limit;
  let before = at;
  for (let probe = Math.min(at + PROBE, limit); ; probe = Math.min(probe + PROBE, limit)) {
    if (offsetAt(zone, probe) !== offset) {
      let after = probe;
      while (after - before > 1) {
        const mid = Math.floor((before + after) / 2);
        if (offsetAt(zone, mid) === offset) before = mid;
        else after = mid;
      }
      return after;
    }
    if (probe >= limit) return limit;
    before = probe;
  }
}

/**
 * Open intervals from `from` on, in order, disjoint, clipped to start no earlier than `from`. Endless for any
 * valid calendar; throws CalendarNeverOpens after a closed stretch longer than the holidays could explain.
 */
export function* openIntervals(calendar: BusinessCalendar, from: number): Generator<Interval> {
  const { zone, week, holidays } = compile(calendar);
  const longestClosure = (holidays.size + 15) * DAY;
  let at = from;
  let lastOpen = from;
  for (;;) {
    const offset = offsetAt(zone, at);
    const local = at + offset;
    const day = Math.floor(local / DAY);
    const end = stretchEnd(zone, at, offset, (day + 1) * DAY - offset);
    if (!holidays.has(day)) {
      const midnight = day * DAY;
      const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      for (const [slotFrom, slotTo] of week[weekday]) {
        const start = Math.max(midnight + slotFrom, local) - offset;
        const stop = Math.min(midnight + slotTo, end + offset) - offset;
        if (start < stop) {
          lastOpen = stop;
          yield [start, stop];
        }
      }
    }
    if (end - lastOpen > longestClosure) {
      throw new CalendarNeverOpens(`the calendar has no open time between ${new Date(lastOpen).toISOString()} and ${new Date(end).toISOString()}`);
    }
    at = end;
  }
}
