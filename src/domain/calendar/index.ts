/** Business-hours calendars and business-time arithmetic (pure; the workflow bundle may import it). */
export {
  WEEKDAYS, twentyFourSeven, weeklyOpenMs, type BusinessCalendar, type Slot, type Weekday,
} from './business-calendar';
export { businessCalendarSchema, timeZoneSchema } from './business-calendar-schema';
export { CalendarNeverOpens, openIntervals, type Interval } from './open-intervals';
export {
  DEADLINE_HORIZON_MS, addBusinessTime, businessTimeBetween, isOpen, localTime, nextOpening, toEpochMs,
  type Instant, type LocalTime,
} from './business-time';
export { answerByText, answerExpectedText } from './answer-expected';
