/**
 * SLA clocks on a Berlin office calendar (Mon–Fri 09:00–18:00, CET = UTC+1 in December): due and warning times,
 * pause while waiting on the customer, resume when they write, next response after each operator reply.
 */
import fc from 'fast-check';
import { addBusinessTime, businessCalendarSchema, businessTimeBetween } from '../../src/domain/calendar';
import {
  customerWrote, nextSlaDeadline, operatorReplied, pauseSlaClock, recordSlaEvent, resolveTargets, resumeSlaClock,
  retargetSlaClock, slaSummary, startSlaClock, stopSlaClock, type PolicySnapshot,
} from '../../src/domain/sla';

const H = 3_600_000;
const MIN = 60_000;
const day = [{ from: '09:00', to: '18:00' }];

const policy: PolicySnapshot = {
  policyId: 'b7a3f1de-0d8c-4d43-9a51-4c1f0e1d2a10',
  policyName: 'Office hours',
  policyUpdatedAt: '2026-11-30T12:00:00.000Z',
  calendarId: '0f5d1c9e-6d55-4a57-8a0e-8d4a3b6f2c11',
  calendarName: 'Berlin office',
  calendar: businessCalendarSchema.parse({
    timeZone: 'Europe/Berlin', slots: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: ['2026-12-24'],
  }),
  warningShare: 0.8,
  targets: resolveTargets([
    { priority: 'low', firstResponse: 'P1D', nextResponse: 'P1D', resolution: 'P1W' },
    { priority: 'normal', firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT8H' },
    { priority: 'normal', channel: 'email', firstResponse: '4h', nextResponse: '4h', resolution: '1d' },
    { priority: 'high', firstResponse: 'PT30M', nextResponse: 'PT1H', resolution: 'PT6H' },
    { priority: 'urgent', firstResponse: 'PT15M', nextResponse: 'PT30M', resolution: 'PT4H' },
  ]),
};

describe('an SLA clock', () => {
  it('computes first-response and resolution due times through the calendar, with the warning at 80 %', () => {
    // escalated Tue 1 Dec 17:30 CET: 30 minutes left today, the rest from Wednesday 09:00
    const clock = startSlaClock(policy, { priority: 'normal', channel: 'widget', at: '2026-12-01T16:30:00Z' });
    expect(slaSummary(clock)).toEqual({
      policyId: policy.policyId, calendarId: policy.calendarId,
      firstResponseDueAt: '2026-12-02T08:30:00.000Z', // Wed 09:30
      firstResponseWarnAt: '2026-12-02T08:18:00.000Z', // 48 min: Wed 09:18
      resolutionDueAt: '2026-12-02T15:30:00.000Z', // 8h: Wed 16:30
      resolutionWarnAt: '2026-12-02T13:54:00.000Z', // 6h24m: Wed 14:54
      warned: [], breached: [],
    });
  });

  it('takes the channel\'s own target when the policy has one', () => {
    const clock = startSlaClock(policy, { priority: 'normal', channel: 'email', at: '2026-12-01T16:30:00Z' });
    expect(clock.firstResponse.dueAt).toBe('2026-12-02T11:30:00.000Z'); // 4h: Wed 12:30
    expect(clock.resolution.targetMs).toBe(24 * H);
  });

  it('pauses while waiting on the customer and resumes, keeping the business time already counted', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' }); // Tue 10:00
    clock = operatorReplied(clock, '2026-12-01T09:20:00Z');
    clock = pauseSlaClock(clock, '2026-12-01T09:20:00Z');
    expect(pauseSlaClock(clock, '2026-12-01T11:00:00Z')).toBe(clock); // already paused
    expect(slaSummary(clock)).toEqual({
      policyId: policy.policyId, calendarId: policy.calendarId, pausedSince: '2026-12-01T09:20:00.000Z',
      remainingMs: { resolution: 8 * H - 20 * MIN }, warned: [], breached: [],
    });
    expect(nextSlaDeadline(clock)).toBeUndefined();

    // the customer writes on Wednesday at 11:00: 7h40m of resolution left → 18:00, then Thu 09:40
    clock = customerWrote(clock, '2026-12-02T10:00:00Z');
    expect(clock.pausedSince).toBeUndefined();
    expect(clock.resolution.dueAt).toBe('2026-12-03T08:40:00.000Z');
    expect(clock.resolution.elapsedMs).toBe(20 * MIN);
  });

  it('counts no business time while paused over a weekend, and resume without a pause changes nothing', () => {
    let clock = startSlaClock(policy, { priority: 'high', at: '2026-12-04T15:00:00Z' }); // Fri 16:00
    expect(resumeSlaClock(clock, '2026-12-04T15:10:00Z')).toBe(clock);
    clock = pauseSlaClock(clock, '2026-12-04T15:10:00Z'); // 10 min counted
    clock = resumeSlaClock(clock, '2026-12-07T09:00:00Z'); // Mon 10:00
    expect(clock.firstResponse.elapsedMs).toBe(10 * MIN);
    expect(clock.firstResponse.dueAt).toBe('2026-12-07T09:20:00.000Z');
  });

  it('starts a next response at the customer\'s message after an operator reply, once until the operator answers', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' }); // Tue 10:00
    // the customer adds a message before anyone answered: still the first response, no next response
    clock = customerWrote(clock, '2026-12-01T09:05:00Z');
    expect(clock.nextResponse).toBeUndefined();
    clock = operatorReplied(clock, '2026-12-01T09:20:00Z');
    expect(clock.firstResponse.metAt).toBe('2026-12-01T09:20:00.000Z');
    expect(slaSummary(clock).firstResponseDueAt).toBeUndefined();

    clock = customerWrote(clock, '2026-12-01T10:00:00Z'); // Tue 11:00
    expect(clock.nextResponse).toMatchObject({ startedAt: '2026-12-01T10:00:00.000Z', dueAt: '2026-12-01T12:00:00.000Z', warnAt: '2026-12-01T11:36:00.000Z' });
    // a second message before the operator answers does not restart it
    clock = customerWrote(clock, '2026-12-01T10:30:00Z');
    expect(clock.nextResponse?.startedAt).toBe('2026-12-01T10:00:00.000Z');

    clock = operatorReplied(clock, '2026-12-01T11:00:00Z');
    expect(clock.nextResponse?.metAt).toBe('2026-12-01T11:00:00.000Z');
    expect(slaSummary(clock).nextResponseDueAt).toBeUndefined();
    clock = customerWrote(clock, '2026-12-01T16:30:00Z'); // Tue 17:30: 30 min today, 90 min Wednesday
    expect(clock.nextResponse).toMatchObject({ startedAt: '2026-12-01T16:30:00.000Z', dueAt: '2026-12-02T09:30:00.000Z' });
  });

  it('a next response started while paused only counts once the clock resumes', () => {
    let clock = operatorReplied(startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' }), '2026-12-01T09:10:00Z');
    clock = pauseSlaClock(clock, '2026-12-01T09:10:00Z');
    clock = customerWrote(clock, '2026-12-01T13:00:00Z'); // resumes first, then the next response counts from 14:00
    expect(clock.nextResponse?.dueAt).toBe('2026-12-01T15:00:00.000Z');
  });

  it('hands out each warning and breach once, earliest first', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' }); // Tue 10:00
    const seen: string[] = [];
    for (let next = nextSlaDeadline(clock); next; next = nextSlaDeadline(clock)) {
      seen.push(`${next.timer} ${next.kind} ${next.at}`);
      clock = recordSlaEvent(clock, next, next.at);
    }
    expect(seen).toEqual([
      'first_response warning 2026-12-01T09:48:00.000Z',
      'first_response breach 2026-12-01T10:00:00.000Z',
      'resolution warning 2026-12-01T15:24:00.000Z',
      'resolution breach 2026-12-01T17:00:00.000Z', // 8h: Tue 10:00–18:00, due at closing time
    ]);
    expect(slaSummary(clock)).toMatchObject({ warned: ['first_response', 'resolution'], breached: ['first_response', 'resolution'] });
    expect(recordSlaEvent(clock, { timer: 'resolution', kind: 'breach' }, '2026-12-05T00:00:00Z')).toBe(clock);
  });

  it('stops when the task is resolved', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' });
    clock = stopSlaClock(clock, '2026-12-01T09:30:00Z');
    expect(clock.resolution.metAt).toBe('2026-12-01T09:30:00.000Z');
    expect(clock.firstResponse.metAt).toBeUndefined();
    expect(nextSlaDeadline(clock)).toBeUndefined();
    expect(customerWrote(clock, '2026-12-01T10:00:00Z')).toBe(clock);
  });

  it('takes the new priority\'s targets from the recorded policy, keeping the time counted', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' }); // Tue 10:00
    clock = retargetSlaClock(clock, 'urgent', '2026-12-01T09:10:00Z');
    expect(clock.priority).toBe('urgent');
    expect(clock.firstResponse.dueAt).toBe('2026-12-01T09:15:00.000Z'); // 15 min from 10:00
    expect(clock.resolution.dueAt).toBe('2026-12-01T13:00:00.000Z'); // 4h from 10:00
  });

  it('lives in workflow state as plain JSON', () => {
    let clock = startSlaClock(policy, { priority: 'normal', at: '2026-12-01T09:00:00Z' });
    clock = JSON.parse(JSON.stringify(operatorReplied(clock, '2026-12-01T09:20:00Z')));
    clock = JSON.parse(JSON.stringify(pauseSlaClock(clock, '2026-12-01T09:20:00Z')));
    clock = customerWrote(clock, '2026-12-02T10:00:00Z');
    expect(clock.resolution.dueAt).toBe('2026-12-03T08:40:00.000Z');
    expect(JSON.parse(JSON.stringify(clock))).toEqual(clock);
  });
});

describe('an SLA clock under any sequence of pauses and resumes', () => {
  it('is due once the target\'s business time has run outside the pauses', () => {
    const start = Date.parse('2026-12-01T09:00:00Z');
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 36 * H }), { minLength: 0, maxLength: 8 }),
      (gaps) => {
        // alternate: pause after gaps[0], resume after gaps[1], pause after gaps[2], ...
        let clock = startSlaClock(policy, { priority: 'low', at: start });
        let at = start;
        let counted = 0;
        gaps.forEach((gap, i) => {
          const next = at + gap;
          if (i % 2 === 0) {
            counted += businessTimeBetween(policy.calendar, at, next);
            clock = pauseSlaClock(clock, next);
          } else {
            clock = resumeSlaClock(clock, next);
          }
          at = next;
        });
        const resolution = clock.resolution;
        expect(resolution.elapsedMs).toBe(counted);
        if (clock.pausedSince) {
          expect(resolution.dueAt).toBeUndefined();
        } else {
          expect(resolution.dueAt).toBe(new Date(addBusinessTime(policy.calendar, at, 7 * 24 * H - counted)).toISOString());
        }
      },
    ), { numRuns: 200 });
  });
});
