import { IANAZone } from 'luxon';
import { z } from 'zod';
import { MAX_HOLIDAYS, MAX_SLOTS_PER_DAY, WEEKDAYS, minutesOf } from './business-calendar';

/** Validation of a business-hours calendar as it comes in (the admin API); not for the workflow bundle. */

const FROM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TO = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

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
