/**
 * A business-hours calendar: opening slots per weekday in local wall-clock time, a time zone and closed local
 * dates. 24/7 is a calendar too (every day 00:00–24:00). Plain JSON, so it can sit in workflow state; pure code.
 * Its zod schema is in business-calendar-schema.ts: the workflow bundle imports this module, and the worker
 * evaluates the bundle's modules again for every workflow it creates or replays (zod and the schema cost
 * about 10 ms each time).
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Slot {
  /** local wall-clock time "HH:MM", inclusive */
  from: string;
  /** local wall-clock time "HH:MM" or "24:00", exclusive */
  to: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. "Europe/Berlin" */
  timeZone: string;
  slots: Record<Weekday, Slot[]>;
  /** closed local dates "YYYY-MM-DD" (the whole local day, whatever its slots) */
  holidays: string[];
}

export const MAX_SLOTS_PER_DAY = 12;
export const MAX_HOLIDAYS = 1000;

/** Minutes since local midnight of "HH:MM" (24:00 → 1440). */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Open time of an ordinary week (no holiday, no daylight-saving change), in ms. */
export function weeklyOpenMs(calendar: BusinessCalendar): number {
  let minutes = 0;
  for (const day of WEEKDAYS) for (const slot of calendar.slots[day] ?? []) minutes += minutesOf(slot.to) - minutesOf(slot.from);
  return minutes * 60_000;
}

const ALL_DAY: Slot[] = [{ from: '00:00', to: '24:00' }];

/** Open around the clock in the given zone (the zone only matters for how local times are shown). */
export function twentyFourSeven(timeZone = 'UTC'): BusinessCalendar {
  const slots = {} as Record<Weekday, Slot[]>;
  for (const day of WEEKDAYS) slots[day] = ALL_DAY.map((slot) => ({ ...slot }));
  return { timeZone, slots, holidays: [] };
}
