import { parseDuration } from '../../src/domain/duration';
import { resolvePolicy } from '../../src/domain/policy';

describe('support policy', () => {
  it('parses the duration forms the README documents', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('4h')).toBe(14_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration(250)).toBe(250);
    expect(() => parseDuration('soon')).toThrow(/invalid duration/);
  });

  it('uses the documented defaults when SUPPORT_POLICY is unset', () => {
    const policy = resolvePolicy(undefined);
    expect(policy.firstResponseMs).toEqual({ urgent: 900_000, high: 3_600_000, normal: 14_400_000, low: 86_400_000 });
    expect(policy.customerAutoCloseMs).toBe(3 * 86_400_000);
    expect(policy.reopenWindowMs).toBe(7 * 86_400_000);
  });

  it('overrides only the keys given', () => {
    const policy = resolvePolicy('{"firstResponse":{"urgent":"5s"},"csatWait":"10s"}');
    expect(policy.firstResponseMs.urgent).toBe(5_000);
    expect(policy.firstResponseMs.normal).toBe(14_400_000);
    expect(policy.csatWaitMs).toBe(10_000);
  });

  it('rejects unknown keys, bad durations and bad JSON with a clear message', () => {
    expect(() => resolvePolicy('{"firstRespnse":{}}')).toThrow(/SUPPORT_POLICY is invalid/);
    expect(() => resolvePolicy('{"reopenWindow":"a week"}')).toThrow(/invalid duration/);
    expect(() => resolvePolicy('{nope')).toThrow(/not valid JSON/);
    expect(() => resolvePolicy('{"customerNudge":"3d","customerAutoClose":"1d"}')).toThrow(/longer than customerNudge/);
  });

  it('"demo" is a preset of seconds-long timers for npm run demo:traffic', () => {
    const policy = resolvePolicy('demo');
    expect(policy.firstResponseMs.normal).toBe(45_000);
    expect(policy.customerAutoCloseMs).toBe(45_000);
    expect(policy.reopenWindowMs).toBe(180_000);
    expect(() => resolvePolicy('demo2')).toThrow(/not valid JSON/);
  });
});
