import { erf, mean, probit, sampleStandardDeviation, wilcoxonRankSum } from 'simple-statistics';

/**
 * The significance tests of experiment results, on simple-statistics' normal distribution and rank sums.
 * Two-sided tests at the 95 % level unless a caller asks otherwise. Pure functions.
 */

/** Φ(z), the standard normal distribution function (simple-statistics' erf is accurate to about 1e-7). */
export function standardNormalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

export function twoSidedP(z: number): number {
  return Math.min(1, 2 * (1 - standardNormalCdf(Math.abs(z))));
}

/** z of a two-sided interval: 1.96 at 95 %. */
export function criticalZ(level = 0.95): number {
  return probit(1 - (1 - level) / 2);
}

export interface Interval { low: number; high: number }

/** Wilson score interval of a proportion: stays inside 0..1 and behaves at small n and at 0 or n successes. */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval | null {
  if (n === 0) return null;
  const z = criticalZ(level);
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface TwoProportionTest {
  /** p̂₂ − p̂₁ (the variant minus the control) */
  difference: number;
  /** interval of the difference from the unpooled standard error (Wald) */
  interval: Interval;
  /** test statistic from the pooled proportion under H₀: p₁ = p₂ */
  z: number;
  p: number;
}

/**
 * Two-proportion z-test (pooled standard error for the test, unpooled for the interval of the difference), as
 * in Moore & McCabe, Introduction to the Practice of Statistics, §8.2. Null when a group is empty or the pooled
 * proportion is 0 or 1 (no variation: nothing to test).
 */
export function twoProportionZTest(
  control: { successes: number; n: number }, variant: { successes: number; n: number }, level = 0.95,
): TwoProportionTest | null {
  const { successes: x1, n: n1 } = control;
  const { successes: x2, n: n2 } = variant;
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (pooledSe === 0) return null;
  const z = (p2 - p1) / pooledSe;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const half = criticalZ(level) * se;
  return { difference: p2 - p1, interval: { low: p2 - p1 - half, high: p2 - p1 + half }, z, p: twoSidedP(z) };
}

export interface RankTest {
  /** Mann–Whitney U of the variant (how many (control, variant) pairs the variant's value exceeds; ties ½) */
  u: number;
  /** the variant's rank sum in the pooled sample (Wilcoxon's W) */
  rankSum: number;
  z: number;
  p: number;
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test, normal approximation with the variance corrected for ties
 * (Lehmann, Nonparametrics, 1975, p. 20) and a continuity correction of ½ toward the mean, the way Moore &
 * McCabe's Introduction to the Practice of Statistics §15.1 and R's wilcox.test compute it. Null when a group
 * is empty or every value is the same.
 */
export function mannWhitneyU(control: readonly number[], variant: readonly number[]): RankTest | null {
  const n1 = control.length;
  const n2 = variant.length;
  if (n1 === 0 || n2 === 0) return null;
  const rankSum = wilcoxonRankSum([...variant], [...control]);
  const u = rankSum - (n2 * (n2 + 1)) / 2;
  const n = n1 + n2;
  const tieTerm = tieGroupSizes([...control, ...variant]).reduce((sum, t) => sum + (t ** 3 - t), 0);
  const variance = ((n1 * n2) / 12) * ((n + 1) - tieTerm / (n * (n - 1)));
  if (variance <= 0) return null;
  const centred = u - (n1 * n2) / 2;
  const corrected = Math.sign(centred) * Math.max(0, Math.abs(centred) - 0.5);
  const z = corrected / Math.sqrt(variance);
  return { u, rankSum, z, p: twoSidedP(z) };
}

function tieGroupSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((t) => t > 1);
}

/** Mean with a normal-approximation interval (mean ± z·s/√n); null interval below two values. */
export function meanWithInterval(values: readonly number[], level = 0.95): { mean: number | null; interval: Interval | null } {
  if (values.length === 0) return { mean: null, interval: null };
  const m = mean([...values]);
  if (values.length < 2) return { mean: m, interval: null };
  const half = (criticalZ(level) * sampleStandardDeviation([...values])) / Math.sqrt(values.length);
  return { mean: m, interval: { low: m - half, high: m + half } };
}

/**
 * Median with a distribution-free interval from order statistics: the ranks n/2 ∓ z·√n/2 (rounded outward),
 * the normal approximation of the binomial interval for the median. Null interval when the sample is too
 * small for those ranks to exist.
 */
export function medianWithInterval(values: readonly number[], level = 0.95): { median: number | null; interval: Interval | null } {
  const n = values.length;
  if (n === 0) return { median: null, interval: null };
  const sorted = [...values].sort((a, b) => a - b);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const spread = (criticalZ(level) * Math.sqrt(n)) / 2;
  const lowRank = Math.floor(n / 2 - spread);
  const highRank = Math.ceil(n / 2 + spread) + 1;
  if (lowRank < 1 || highRank > n) return { median, interval: null };
  return { median, interval: { low: sorted[lowRank - 1], high: sorted[highRank - 1] } };
}
