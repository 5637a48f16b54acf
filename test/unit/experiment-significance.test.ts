import {
  mannWhitneyU, medianWithInterval, twoProportionZTest, wilsonInterval,
} from '../../src/experiments/significance';

describe('two-proportion z-test', () => {
  // Moore & McCabe, Introduction to the Practice of Statistics (6th ed.), §8.2, Examples 8.9 and 8.11
  // ("binge drinking"): 1630 of 7180 men and 1684 of 9916 women; D = 0.057, 95 % interval (0.045, 0.069),
  // z = 9.34 from the pooled proportion 0.194, P < 0.0001.
  it('reproduces the textbook example (binge drinking, men vs women)', () => {
    const test = twoProportionZTest({ successes: 1684, n: 9916 }, { successes: 1630, n: 7180 })!;
    expect(test.difference).toBeCloseTo(0.057, 3);
    expect(test.interval.low).toBeCloseTo(0.045, 3);
    expect(test.interval.high).toBeCloseTo(0.069, 3);
    expect(test.z).toBeCloseTo(9.34, 2);
    expect(test.p).toBeLessThan(0.0001);
  });

  it('is symmetric: swapping the groups flips the sign, not the p-value', () => {
    const a = twoProportionZTest({ successes: 30, n: 100 }, { successes: 45, n: 100 })!;
    const b = twoProportionZTest({ successes: 45, n: 100 }, { successes: 30, n: 100 })!;
    expect(a.z).toBeCloseTo(-b.z, 10);
    expect(a.p).toBeCloseTo(b.p, 10);
  });

  it('has nothing to test when a group is empty or nobody varies', () => {
    expect(twoProportionZTest({ successes: 0, n: 0 }, { successes: 3, n: 10 })).toBeNull();
    expect(twoProportionZTest({ successes: 10, n: 10 }, { successes: 5, n: 5 })).toBeNull();
  });
});

describe('Mann–Whitney U (rank-sum) test, normal approximation', () => {
  // Moore & McCabe, Introduction to the Practice of Statistics, §15.1, Examples 15.1–15.4 (corn yield with
  // 0 and 3 lamb's-quarter weeds per metre): W = 23 for the weed-free plots, μ_W = 18, σ_W = 3.464,
  // P(W ≥ 23) ≈ P(Z ≥ (22.5 − 18)/3.464 = 1.30) = 0.0968 (one-sided, continuity correction).
  it('reproduces the textbook example (corn yields)', () => {
    const weedFree = [166.7, 172.2, 165.0, 176.9];
    const threeWeeds = [158.6, 176.4, 153.1, 156.0];
    const test = mannWhitneyU(threeWeeds, weedFree)!;
    expect(test.rankSum).toBe(23);
    expect(test.z).toBeCloseTo(1.30, 2);
    expect(test.p / 2).toBeCloseTo(0.0968, 3);
  });

  // SciPy reference, scipy.stats.mannwhitneyu, example "males/females": U₁ = 17, method='asymptotic'
  // (continuity correction on) gives p = 0.11134688653314041.
  it('reproduces the published asymptotic p-value of SciPy’s documented example', () => {
    const test = mannWhitneyU([20, 11, 17, 12], [19, 22, 16, 29, 24])!;
    expect(test.u).toBe(17);
    expect(test.p).toBeCloseTo(0.11134688653314041, 6);
  });

  // Ties (CSAT scores are mostly ties). Worked by hand: pooled ranks 1, 2, 4×3, 7×3, 10.5×4; the variant's
  // rank sum 49.5, U = 28.5, E[U] = 18; tie term Σ(t³ − t) = 24 + 24 + 60 = 108, so
  // Var U = (6·6/12)·(13 − 108/(12·11)) = 36.545 (Lehmann 1975, p. 20); z = (10.5 − 0.5)/6.045 = 1.654.
  it('corrects the variance for ties', () => {
    const test = mannWhitneyU([1, 2, 3, 3, 4, 5], [3, 4, 4, 5, 5, 5])!;
    expect(test.u).toBe(28.5);
    expect(test.z).toBeCloseTo(1.654, 3);
    expect(test.p).toBeCloseTo(0.0981, 3);
  });

  it('has nothing to test when a group is empty or every value is equal', () => {
    expect(mannWhitneyU([], [1, 2])).toBeNull();
    expect(mannWhitneyU([3, 3], [3, 3, 3])).toBeNull();
  });
});

describe('intervals', () => {
  // Wilson score interval: Newcombe (1998), Statistics in Medicine 17:857–872, Table I, example (i):
  // 81 of 263 → 0.2553 to 0.3662.
  it('Wilson interval of a proportion matches Newcombe’s table', () => {
    const interval = wilsonInterval(81, 263)!;
    expect(interval.low).toBeCloseTo(0.2553, 3);
    expect(interval.high).toBeCloseTo(0.3662, 3);
  });

  it('median interval is two order statistics around the median, absent for tiny samples', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const { median, interval } = medianWithInterval(values);
    expect(median).toBe(50.5);
    // ranks 50 ∓ 9.8 → 40 and 61
    expect(interval).toEqual({ low: 40, high: 61 });
    expect(medianWithInterval([5, 6]).interval).toBeNull();
  });
});
