/**
 * Business-hours calendars: deadlines across a night, a weekend, holidays and both daylight-saving changes,
 * in zones with and without DST. Expected instants are written out in UTC, worked out by hand.
 */
import fc from 'fast-check';
import {
  answerByText, answerExpectedText, DEADLINE_HORIZON_MS, addBusinessTime, weeklyOpenMs, businessCalendarSchema, businessTimeBetween, isOpen, localTime, nextOpening, twentyFourSeven,
  type BusinessCalendar, type Slot,
} from '../../src/domain/calendar';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const workday: Slot[] = [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '18:00' }];
function office(timeZone: string, holidays: string[] = []): BusinessCalendar {
  return businessCalendarSchema.parse({
    timeZone, slots: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday }, holidays,
  });
}
const onlySunday = (timeZone: string, slot: Slot) => businessCalendarSchema.parse({ timeZone, slots: { sun: [slot] } });

const berlin = office('Europe/Berlin', ['2026-12-24', '2026-12-25']);

describe('office hours in Berlin (two slots a day, Christmas closed)', () => {
  it('carries a deadline across the night to the next morning', () => {
    // Tue 1 Dec 17:00 CET + 2h: one hour before closing, one after opening on Wednesday
    expect(iso(addBusinessTime(berlin, '2026-12-01T16:00:00Z', 2 * H))).toBe('2026-12-02T09:00:00.000Z');
  });

  it('skips the lunch break between two slots of one day', () => {
    expect(iso(addBusinessTime(berlin, '2026-12-01T10:30:00Z', H))).toBe('2026-12-01T12:30:00.000Z');
  });

  it('carries a deadline across the weekend', () => {
    // Fri 4 Dec 17:30 CET + 1h → Mon 7 Dec 09:30 CET
    expect(iso(addBusinessTime(berlin, '2026-12-04T16:30:00Z', H))).toBe('2026-12-07T08:30:00.000Z');
  });

  it('skips holidays', () => {
    // Wed 23 Dec 17:00 + 2h: Thu 24 and Fri 25 closed, the weekend too → Mon 28 Dec 10:00 CET
    expect(iso(addBusinessTime(berlin, '2026-12-23T16:00:00Z', 2 * H))).toBe('2026-12-28T09:00:00.000Z');
    expect(isOpen(berlin, '2026-12-24T10:00:00Z')).toBe(false);
    expect(businessTimeBetween(berlin, '2026-12-21T00:00:00Z', '2026-12-28T00:00:00Z')).toBe(3 * 8 * H);
  });

  it('starts counting at the next opening when escalated while closed', () => {
    // Sat 5 Dec + 30 min → Mon 7 Dec 09:30 CET
    expect(iso(addBusinessTime(berlin, '2026-12-05T12:00:00Z', 30 * MIN))).toBe('2026-12-07T08:30:00.000Z');
  });

  it('treats a slot as including its start and excluding its end', () => {
    expect(isOpen(berlin, '2026-12-01T08:00:00Z')).toBe(true); // 09:00
    expect(isOpen(berlin, at('2026-12-01T08:00:00Z') - 1)).toBe(false);
    expect(isOpen(berlin, at('2026-12-01T11:00:00Z') - 1)).toBe(true); // 11:59:59.999
    expect(isOpen(berlin, '2026-12-01T11:00:00Z')).toBe(false); // 12:00, lunch
    expect(isOpen(berlin, '2026-12-01T12:00:00Z')).toBe(true); // 13:00
    expect(isOpen(berlin, '2026-12-01T17:00:00Z')).toBe(false); // 18:00
    // a count that runs out at closing time ends at closing time, not at the next opening
    expect(iso(addBusinessTime(berlin, '2026-12-01T08:00:00Z', 8 * H))).toBe('2026-12-01T17:00:00.000Z');
    expect(iso(nextOpening(berlin, '2026-12-01T11:00:00Z'))).toBe('2026-12-01T12:00:00.000Z');
  });

  it('adds zero business time as no time at all, even while closed', () => {
    expect(addBusinessTime(berlin, '2026-12-05T12:00:00Z', 0)).toBe(at('2026-12-05T12:00:00Z'));
    expect(businessTimeBetween(berlin, '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')).toBe(0);
    expect(() => addBusinessTime(berlin, '2026-12-01T10:00:00Z', -1)).toThrow(/non-negative/);
    expect(() => addBusinessTime(berlin, 'yesterday', H)).toThrow(/not an instant/);
  });

  it('says when it opens next, on the local wall clock', () => {
    const opening = nextOpening(berlin, '2026-12-05T12:00:00Z');
    expect(iso(opening)).toBe('2026-12-07T08:00:00.000Z');
    expect(localTime(berlin, opening)).toEqual({
      iso: '2026-12-07T09:00:00.000+01:00', date: '2026-12-07', time: '09:00', weekday: 'mon', timeZone: 'Europe/Berlin',
    });
    expect(nextOpening(berlin, '2026-12-07T10:00:00Z')).toBe(at('2026-12-07T10:00:00Z'));
  });

  it('tells a customer who writes while closed when the team is back, in English or Russian', () => {
    // Wed 23 Dec 19:00 CET: Christmas closed, back on Monday 28 December
    expect(answerExpectedText(berlin, '2026-12-23T18:00:00Z', 'en'))
      .toBe('Our team is away right now. We are back on Monday 28 December at 09:00 (Europe/Berlin time) and will answer you then.');
    expect(answerExpectedText(berlin, '2026-12-23T18:00:00Z', 'ru'))
      .toBe('Сейчас наша команда не работает. Мы вернёмся в понедельник, 28 декабря, в 09:00 (время Europe/Berlin) и ответим вам.');
    expect(answerExpectedText(berlin, '2026-12-01T11:30:00Z', 'ru')).toMatch(/^Сейчас .* во вторник, 1 декабря, в 13:00 /);
    expect(answerExpectedText(berlin, '2026-12-01T10:00:00Z', 'en')).toBeUndefined();
  });

  it('tells a customer who waits while the team is open but busy by when they will be answered', () => {
    // Tue 1 Dec 11:00 CET, due at 12:00 the same day; due the next morning: the day is named
    expect(answerByText(berlin, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', 'en'))
      .toBe('All our team members are busy right now. We will answer you by 12:00 (Europe/Berlin time).');
    expect(answerByText(berlin, '2026-12-01T16:30:00Z', '2026-12-02T08:30:00Z', 'en'))
      .toBe('All our team members are busy right now. We will answer you by 09:30 on Wednesday 2 December (Europe/Berlin time).');
    expect(answerByText(berlin, '2026-12-01T16:30:00Z', '2026-12-02T08:30:00Z', 'ru'))
      .toBe('Сейчас все наши сотрудники заняты. Мы ответим вам в среду, 2 декабря, до 09:30 (время Europe/Berlin).');
  });

  it('measures business time back and forth', () => {
    expect(businessTimeBetween(berlin, '2026-12-04T16:30:00Z', '2026-12-07T08:30:00Z')).toBe(H);
    expect(businessTimeBetween(berlin, '2026-12-07T08:30:00Z', '2026-12-04T16:30:00Z')).toBe(-H);
  });
});

describe('daylight-saving changes', () => {
  it('spring forward in Berlin: a 01:00–03:00 slot lasts one hour, a 02:00–03:00 slot does not exist', () => {
    const night = onlySunday('Europe/Berlin', { from: '01:00', to: '03:00' });
    // Sun 29 Mar 2026: 01:00 CET = 00:00Z, 02:00 CET jumps to 03:00 CEST = 01:00Z
    expect(businessTimeBetween(night, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(H);
    expect(iso(addBusinessTime(night, '2026-03-28T12:00:00Z', H))).toBe('2026-03-29T01:00:00.000Z');
    // 90 minutes need next Sunday's slot: 01:00 CEST + 30 min
    expect(iso(addBusinessTime(night, '2026-03-28T12:00:00Z', 90 * MIN))).toBe('2026-04-04T23:30:00.000Z');
    const gap = onlySunday('Europe/Berlin', { from: '02:00', to: '03:00' });
    expect(businessTimeBetween(gap, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(0);
    expect(iso(nextOpening(gap, '2026-03-28T12:00:00Z'))).toBe('2026-04-05T00:00:00.000Z');
  });

  it('fall back in Berlin: a 01:00–03:00 slot lasts three hours, the repeated hour is open both times', () => {
    const night = onlySunday('Europe/Berlin', { from: '01:00', to: '03:00' });
    // Sun 25 Oct 2026: 01:00 CEST = 23:00Z (Sat), 03:00 CEST becomes 02:00 CET; 03:00 CET = 02:00Z
    expect(businessTimeBetween(night, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(3 * H);
    expect(iso(addBusinessTime(night, '2026-10-24T12:00:00Z', 3 * H))).toBe('2026-10-25T02:00:00.000Z');
    const repeated = onlySunday('Europe/Berlin', { from: '02:10', to: '02:20' });
    expect(businessTimeBetween(repeated, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(20 * MIN);
    expect(isOpen(repeated, '2026-10-25T00:15:00Z')).toBe(true); // 02:15 CEST
    expect(isOpen(repeated, '2026-10-25T00:30:00Z')).toBe(false); // 02:30 CEST
    expect(isOpen(repeated, '2026-10-25T01:15:00Z')).toBe(true); // 02:15 CET
  });

  it('counts from inside the repeated hour across both of its occurrences', () => {
    const repeated = onlySunday('Europe/Berlin', { from: '02:10', to: '02:20' });
    // from 02:15 CEST: 5 minutes left of the first 02:10–02:20, then 5 of the second (02:10 CET = 01:10Z)
    expect(iso(addBusinessTime(repeated, '2026-10-25T00:15:00Z', 10 * MIN))).toBe('2026-10-25T01:15:00.000Z');
    expect(iso(nextOpening(repeated, '2026-10-25T00:20:00Z'))).toBe('2026-10-25T01:10:00.000Z');
    expect(iso(addBusinessTime(twentyFourSeven('Europe/Berlin'), '2026-10-25T00:30:00Z', H))).toBe('2026-10-25T01:30:00.000Z');
  });

  it('a 24/7 calendar has a 23-hour and a 25-hour day, and adds time exactly', () => {
    const always = twentyFourSeven('Europe/Berlin');
    expect(businessTimeBetween(always, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toBe(23 * H);
    expect(businessTimeBetween(always, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toBe(25 * H);
    expect(iso(addBusinessTime(always, '2026-10-24T20:00:00Z', 24 * H))).toBe('2026-10-25T20:00:00.000Z');
    expect(iso(addBusinessTime(twentyFourSeven(), '2026-12-01T10:00:00Z', 7 * 24 * H))).toBe('2026-12-08T10:00:00.000Z');
  });

  it('office hours keep their local times across both changes in Berlin and New York', () => {
    // Fri 27 Mar 17:00 CET + 2h → Mon 30 Mar 10:00 CEST
    expect(iso(addBusinessTime(berlin, '2026-03-27T16:00:00Z', 2 * H))).toBe('2026-03-30T08:00:00.000Z');
    // Fri 23 Oct 17:00 CEST + 2h → Mon 26 Oct 10:00 CET
    expect(iso(addBusinessTime(berlin, '2026-10-23T15:00:00Z', 2 * H))).toBe('2026-10-26T09:00:00.000Z');
    const newYork = office('America/New_York');
    // Fri 6 Mar 17:00 EST + 2h → Mon 9 Mar 10:00 EDT (DST began Sun 8 Mar)
    expect(iso(addBusinessTime(newYork, '2026-03-06T22:00:00Z', 2 * H))).toBe('2026-03-09T14:00:00.000Z');
    // Fri 30 Oct 17:00 EDT + 2h → Mon 2 Nov 10:00 EST (DST ended Sun 1 Nov)
    expect(iso(addBusinessTime(newYork, '2026-10-30T21:00:00Z', 2 * H))).toBe('2026-11-02T15:00:00.000Z');
  });

  it('Moscow has no daylight saving: the same hours all year', () => {
    const moscow = office('Europe/Moscow');
    expect(iso(addBusinessTime(moscow, '2026-03-27T14:00:00Z', 2 * H))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(addBusinessTime(moscow, '2026-10-23T14:00:00Z', 2 * H))).toBe('2026-10-26T07:00:00.000Z');
  });
});

describe('bounded work', () => {
  it('answers a deadline beyond the horizon with the horizon, quickly', () => {
    const hourAWeek = onlySunday('Europe/Berlin', { from: '10:00', to: '11:00' });
    expect(weeklyOpenMs(hourAWeek)).toBe(H);
    expect(weeklyOpenMs(berlin)).toBe(5 * 8 * H);
    const from = at('2026-12-01T10:00:00Z');
    // 200 open hours take 200 weeks on this calendar: past the two-year horizon
    expect(addBusinessTime(hourAWeek, from, 200 * H)).toBe(from + DEADLINE_HORIZON_MS);
    expect(iso(addBusinessTime(hourAWeek, from, 2 * H))).toBe('2026-12-13T10:00:00.000Z');
  });
});

describe('business time is consistent', () => {
  it('the time between a start and start + d is d, for any start and d', () => {
    const newYork = office('America/New_York', ['2026-07-03', '2026-11-26']);
    const calendars = [berlin, newYork, twentyFourSeven('Europe/Berlin'), onlySunday('Europe/Berlin', { from: '01:00', to: '03:00' })];
    fc.assert(fc.property(
      fc.constantFrom(...calendars),
      fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
      fc.integer({ min: 0, max: 60 * H }),
      (calendar, start, duration) => {
        const due = addBusinessTime(calendar, start, duration);
        expect(businessTimeBetween(calendar, start, due)).toBe(duration);
        if (duration > 0) expect(isOpen(calendar, due - 1)).toBe(true);
      },
    ), { numRuns: 300 });
  });
});

describe('malformed calendars are refused', () => {
  const valid = { timeZone: 'Europe/Berlin', slots: { mon: [{ from: '09:00', to: '18:00' }] }, holidays: [] };
  it.each([
    ['an unknown time zone', { ...valid, timeZone: 'Europe/Atlantis' }, /IANA time zone/],
    ['a time of 25:00', { ...valid, slots: { mon: [{ from: '09:00', to: '25:00' }] } }, /a slot ends at/],
    ['a slot ending before it starts', { ...valid, slots: { mon: [{ from: '18:00', to: '09:00' }] } }, /end after it starts/],
    ['an empty slot', { ...valid, slots: { mon: [{ from: '09:00', to: '09:00' }] } }, /end after it starts/],
    ['overlapping slots', { ...valid, slots: { mon: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }] } }, /overlap/],
    ['no open time at all', { ...valid, slots: {} }, /at least one opening slot/],
    ['a day that is not a weekday', { ...valid, slots: { monday: [{ from: '09:00', to: '18:00' }] } }, /monday/],
    ['a date that does not exist', { ...valid, holidays: ['2026-02-30'] }, /not a calendar date/],
    ['a holiday that is not a date', { ...valid, holidays: ['Christmas'] }, /local date/],
  ])('%s', (_what, input, message) => {
    const result = businessCalendarSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('accepts back-to-back slots and sorts and deduplicates holidays', () => {
    const cal = businessCalendarSchema.parse({
      ...valid, slots: { mon: [{ from: '13:00', to: '24:00' }, { from: '00:00', to: '13:00' }] }, holidays: ['2026-12-31', '2026-01-01', '2026-12-31'],
    });
    expect(cal.holidays).toEqual(['2026-01-01', '2026-12-31']);
    expect(cal.slots.tue).toEqual([]);
  });
});
