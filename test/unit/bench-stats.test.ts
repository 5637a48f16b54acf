import { median, percentile, ratio, summarize } from '../../bench/stats';

describe('benchmark statistics', () => {
  it('interpolates between closest ranks (numpy default)', () => {
    const samples = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(samples, 0.5)).toBeCloseTo(5.5);
    expect(percentile(samples, 0.95)).toBeCloseTo(9.55);
    expect(percentile(samples, 0.99)).toBeCloseTo(9.91);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 1)).toBe(10);
  });

  it('does not depend on the order of the samples and leaves them unsorted', () => {
    const samples = [9, 1, 5, 3, 7];
    expect(percentile(samples, 0.25)).toBe(3);
    expect(samples).toEqual([9, 1, 5, 3, 7]);
  });

  it('gives the single sample for any quantile, NaN for none', () => {
    expect(percentile([0.42], 0.99)).toBe(0.42);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('refuses a quantile outside 0..1', () => {
    expect(() => percentile([1, 2], 99)).toThrow(RangeError);
  });

  it('p99 of 100 samples sits between the two largest', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 0.99)).toBeCloseTo(99.01);
  });

  it('summarizes count, percentiles, max and mean', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ count: 4, p50: 2.5, p95: expect.closeTo(3.85), p99: expect.closeTo(3.97), max: 4, mean: 2.5 });
    expect(summarize([]).count).toBe(0);
  });

  it('ratio is NaN without a usable reference; median of repetitions', () => {
    expect(ratio(10, 4)).toBeCloseTo(0.4);
    expect(ratio(0, 4)).toBeNaN();
    expect(ratio(Number.NaN, 4)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
  });
});
