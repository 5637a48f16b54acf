import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * A business-hours calendar: opening slots per weekday in local wall-clock time, a time zone and closed local
 * dates. 24/7 is a calendar too (every day 00:00–24:00). Plain JSON, so it can sit in workflow state; pure code.
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

const FROM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TO = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since local midnight of "HH:MM" (24:00 → 1440). */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

const slotSchema = z.object({
  from: z.string().regex(FROM, 'a slot starts at "HH:MM" (00:00–23:59)'),
  to: z.string().regex(TO, 'a slot ends at "HH:MM" (00:01–24:00)'),
}).strict().refine((slot) => minutesOf(slot.from) < minutesOf(slot.to), {
  message: 'a slot must end after it starts (split a slot over midnight into "…–24:00" and "00:00–…" of the next day)',
});

const daySchema = z.array(slotSchema).max(MAX_SLOTS_PER_DAY).default([]).superRefine((slots, ctx) => {
  const sorted = [...slots].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  for (let i = 1; i < sorted.length; i += 1) {
    if (minutesOf(sorted[i].from) < minutesOf(sorted[i - 1].to)) {
      ctx.addIssue({ code: 'custom', message: `slots ${sorted[i - 1].from}–${sorted[i - 1].to} and ${sorted[i].from}–${sorted[i].to} overlap` });
    }
  }
});

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is not one). */
const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a holiday is a local date "YYYY-MM-DD"')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
  }, 'not a calendar date');

export const timeZoneSchema = z.string().min(1).max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (e.g. "Europe/Berlin", "UTC")');

export const businessCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  slots: z.object({
    mon: daySchema, tue: daySchema, wed: daySchema, thu: daySchema, fri: daySchema, sat: daySchema, sun: daySchema,
  }).strict(),
  holidays: z.array(localDateSchema).max(MAX_HOLIDAYS).default([])
    .transform((dates) => [...new Set(dates)].sort()),
}).strict().refine((cal) => WEEKDAYS.some((day) => cal.slots[day].length > 0), {
  message: 'a calendar needs at least one opening slot in the week', path: ['slots'],
});

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
