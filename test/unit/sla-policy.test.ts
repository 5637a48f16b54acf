import { businessCalendarSchema } from '../../src/domain/calendar';
import { slaDurationMs, slaPolicyDefinitionSchema, targetFor, resolveTargets, unreachableTargets } from '../../src/domain/sla';

const H = 3_600_000;
const everyPriority = ['low', 'normal', 'high', 'urgent'].map((priority) => ({
  priority, firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'P1D',
}));
const policy = { name: 'Office', calendarId: '0f5d1c9e-6d55-4a57-8a0e-8d4a3b6f2c11', targets: everyPriority };

describe('SLA target lengths', () => {
  it('reads ISO-8601 durations and the support policy\'s short form', () => {
    expect(slaDurationMs('PT1H')).toBe(H);
    expect(slaDurationMs('PT1H30M')).toBe(1.5 * H);
    expect(slaDurationMs('P1D')).toBe(24 * H);
    expect(slaDurationMs('P1W')).toBe(7 * 24 * H);
    expect(slaDurationMs('15m')).toBe(0.25 * H);
    expect(slaDurationMs('4h')).toBe(4 * H);
  });

  it.each([
    ['P1M', /months and years/], ['P1Y', /months and years/], ['PT0S', /longer than zero/], ['0m', /longer than zero/],
    ['P400D', /366 days/], ['soon', /invalid duration/], ['PXYZ', /not an ISO-8601 duration/],
  ])('refuses %s', (text, message) => {
    expect(() => slaDurationMs(text)).toThrow(message);
  });
});

describe('SLA policy definitions', () => {
  it('defaults the warning share to 80 %', () => {
    expect(slaPolicyDefinitionSchema.parse(policy).warningShare).toBe(0.8);
  });

  it.each([
    ['a priority without a channel-less target', { ...policy, targets: everyPriority.slice(1) }, /priority low without a channel/],
    ['two targets for one priority and channel', { ...policy, targets: [...everyPriority, { ...everyPriority[0] }] }, /two targets for priority low/],
    ['a warning share of 100 %', { ...policy, warningShare: 1 }, /warningShare/],
    ['a bad duration', { ...policy, targets: [{ ...everyPriority[0], resolution: 'P1M' }, ...everyPriority.slice(1)] }, /months/],
    ['an unknown channel', { ...policy, targets: [...everyPriority, { ...everyPriority[0], channel: 'fax' }] }, /channel/],
    ['a calendar id that is not a UUID', { ...policy, calendarId: 'default' }, /calendarId/],
    ['an unknown field', { ...policy, color: 'red' }, /color/],
  ])('refuses %s', (_what, input, message) => {
    const result = slaPolicyDefinitionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('picks the channel\'s own target, else the priority\'s', () => {
    const targets = resolveTargets([...everyPriority as never[], { priority: 'normal', channel: 'email', firstResponse: 'PT4H', nextResponse: 'PT4H', resolution: 'P2D' }]);
    const snapshot = { policyName: 'Office', targets };
    expect(targetFor(snapshot, 'normal', 'email').firstResponseMs).toBe(4 * H);
    expect(targetFor(snapshot, 'normal', 'widget').firstResponseMs).toBe(H);
    expect(targetFor(snapshot, 'normal').firstResponseMs).toBe(H);
    expect(() => targetFor({ policyName: 'Empty', targets: [] }, 'low')).toThrow(/no target for priority low/);
  });
});

describe('targets a calendar can reach', () => {
  it('refuses a target that needs more than a year of the calendar\'s open time', () => {
    const hourAWeek = businessCalendarSchema.parse({ timeZone: 'UTC', slots: { mon: [{ from: '09:00', to: '10:00' }] } });
    expect(unreachableTargets(everyPriority as never[], hourAWeek, 'Mondays')).toEqual([]); // 24 h ≤ 52 h
    const long = [{ priority: 'low', firstResponse: 'PT1H', nextResponse: 'PT1H', resolution: 'P3D' }] as never[];
    expect(unreachableTargets(long, hourAWeek, 'Mondays')).toEqual([
      'resolution P3D of priority low needs 72 h of open time; calendar "Mondays" has 52 h in a year',
    ]);
  });
});
