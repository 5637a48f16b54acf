/** Business-hours calendars and business-time arithmetic (pure; the workflow bundle may import it). */
export {
  WEEKDAYS, businessCalendarSchema, timeZoneSchema, twentyFourSeven,
  type BusinessCalendar, type Slot, type Weekday,
} from './business-calendar';
export { CalendarNeverOpens, openIntervals, type Interval } from './open-intervals';
export {
  addBusinessTime, businessTimeBetween, isOpen, localTime, nextOpening, toEpochMs,
  type Instant, type LocalTime,
} from './business-time';
