import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { isOpen, nextOpening, toEpochMs, type Instant } from './business-time';

/** Russian weekdays after «в» (accusative), by luxon's weekday number (1 = Monday). */
const RU_ON_WEEKDAY = ['', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу', 'в воскресенье'];

/**
 * What to tell a customer who writes while the team is closed: when it opens again, on the calendar's wall clock
 * ("We are back on Monday 7 December at 09:00 (Europe/Berlin time) and will answer you then."). Undefined while
 * open. English is the fallback language. Pure: the workflow may call it.
 */
export function answerExpectedText(calendar: BusinessCalendar, at: Instant, language: string | undefined): string | undefined {
  const now = toEpochMs(at);
  if (isOpen(calendar, now)) return undefined;
  const opening = DateTime.fromMillis(nextOpening(calendar, now), { zone: calendar.timeZone });
  const time = opening.toFormat('HH:mm');
  if (language === 'ru') {
    const day = `${RU_ON_WEEKDAY[opening.weekday]}, ${opening.setLocale('ru').toFormat('d MMMM')},`;
    return `Сейчас наша команда не работает. Мы вернёмся ${day} в ${time} (время ${calendar.timeZone}) и ответим вам.`;
  }
  const day = opening.setLocale('en').toFormat('cccc d MMMM');
  return `Our team is away right now. We are back on ${day} at ${time} (${calendar.timeZone} time) and will answer you then.`;
}

/**
 * What to tell a customer who waits while the team is open but nobody suitable is online or free: by when they
 * will be answered (the task's first-response due time, on the calendar's wall clock; the day too when it is
 * not today there).
 */
export function answerByText(calendar: BusinessCalendar, at: Instant, dueAt: Instant, language: string | undefined): string {
  const now = DateTime.fromMillis(toEpochMs(at), { zone: calendar.timeZone });
  const due = DateTime.fromMillis(toEpochMs(dueAt), { zone: calendar.timeZone });
  const sameDay = due.hasSame(now, 'day');
  const time = due.toFormat('HH:mm');
  if (language === 'ru') {
    const when = sameDay ? `до ${time}` : `${RU_ON_WEEKDAY[due.weekday]}, ${due.setLocale('ru').toFormat('d MMMM')}, до ${time}`;
    return `Сейчас все наши сотрудники заняты. Мы ответим вам ${when} (время ${calendar.timeZone}).`;
  }
  const when = sameDay ? `by ${time}` : `by ${time} on ${due.setLocale('en').toFormat('cccc d MMMM')}`;
  return `All our team members are busy right now. We will answer you ${when} (${calendar.timeZone} time).`;
}
