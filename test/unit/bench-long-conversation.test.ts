import type { PhaseResult } from '../../bench/phases';
import { summarizeSystem } from '../../bench/summary';

/** A long conversation whose answers take `latency(i)` seconds, i = message index from 0. */
function longRun(messages: number, latency: (i: number) => number): PhaseResult {
  return {
    phase: 'long', system: 'pipeline', rep: 0, openAtStart: 0, seconds: 1, usage: {},
    samples: Array.from({ length: messages }, (_, i) => ({
      kind: i === 0 ? 'new' as const : 'open' as const, externalId: 'c', sentAt: i * 10_000,
      acceptedAt: i * 10_000 + 5, repliedAt: i * 10_000 + 5 + latency(i) * 1000,
    })),
  };
}

describe('bench: one long conversation', () => {
  it('compares its first answers (the opening message left out) with its last ones', () => {
    // the opening message is slow (a new issue), the last 50 of 500 are twice as slow as the rest
    const long = summarizeSystem([longRun(500, (i) => (i === 0 ? 9 : i >= 450 ? 0.2 : 0.1))], 'pipeline').long!;
    expect(long.messages).toBe(500);
    expect(long.window).toBe(50);
    expect(long.early.p50).toBeCloseTo(0.1);
    expect(long.early.max).toBeCloseTo(0.1);
    expect(long.late.p50).toBeCloseTo(0.2);
    expect(long.medianRatio).toBeCloseTo(2);
  });

  it('pools at least 5 answers at each end, and needs a conversation long enough for both', () => {
    expect(summarizeSystem([longRun(30, () => 0.1)], 'pipeline').long!.window).toBe(5);
    expect(summarizeSystem([longRun(11, () => 0.1)], 'pipeline').long).toBeUndefined();
  });
});
