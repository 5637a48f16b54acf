/**
 * Human-friendly durations used by the support policy ("90s", "15m", "4h", "1d", "1w", or plain milliseconds).
 * Pure code: the workflow bundle may import it.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`invalid duration ${value}`);
    return value;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  if (!match) throw new Error(`invalid duration "${value}" (use e.g. 30s, 15m, 4h, 1d)`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
