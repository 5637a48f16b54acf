/** Summary statistics of latency samples and throughput windows. Pure functions. */

/**
 * The q-quantile (0..1) by linear interpolation between closest ranks (numpy's default, Hyndman & Fan type 7).
 * NaN for no samples.
 */
export function percentile(samples: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const count = samples.length;
  return {
    count,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    p99: percentile(samples, 0.99),
    max: count ? Math.max(...samples) : Number.NaN,
    mean: count ? samples.reduce((a, b) => a + b, 0) / count : Number.NaN,
  };
}

/** Median of per-repetition values (ratios, throughputs); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** b / a, or NaN when either is missing or a is zero. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? b / a : Number.NaN;
}
