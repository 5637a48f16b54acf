import { fitTemperature, logLoss, softmax } from '../../src/ai/intent-model/calibration';
import { chooseOutOfScopeThreshold, type ScopeEvidence } from '../../src/ai/intent-model/out-of-scope';
import { seededRandom } from '../../src/ai/intent-model/random';

describe('temperature scaling', () => {
  it('softmax is shift invariant and sharpens as the temperature falls', () => {
    expect(Array.from(softmax([1, 2, 3], 1))).toEqual(Array.from(softmax([101, 102, 103], 1)));
    expect(softmax([1, 2], 0.1)[1]).toBeGreaterThan(softmax([1, 2], 1)[1]);
  });

  it('recovers the temperature that generated the labels', () => {
    // Labels drawn from softmax(scores / 0.5): the fitted temperature should land near 0.5.
    const random = seededRandom(3);
    const scores: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [random() * 2, random() * 2, random() * 2];
      const p = softmax(row, 0.5);
      const u = random();
      targets.push(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
      scores.push(row);
    }
    const temperature = fitTemperature(scores, targets);
    expect(temperature).toBeGreaterThan(0.4);
    expect(temperature).toBeLessThan(0.6);
    expect(logLoss(scores, targets, temperature)).toBeLessThanOrEqual(logLoss(scores, targets, 1));
  });
});

describe('choosing the out-of-scope threshold', () => {
  const evidence = (confidence: number, correct: boolean, trulyOutOfScope = false): ScopeEvidence =>
    ({ confidence, correct, trulyOutOfScope, predictedOutOfScope: false });

  it('without out-of-scope examples withholds where predictions are more often wrong than right', () => {
    const threshold = chooseOutOfScopeThreshold([
      evidence(0.2, false), evidence(0.3, false), evidence(0.35, true), evidence(0.4, false), evidence(0.45, false),
      evidence(0.7, true), evidence(0.8, true), evidence(0.9, true),
    ]);
    expect(threshold).toBe(0.7);
  });

  it('with out-of-scope examples trades in-scope accuracy against out-of-scope recall', () => {
    const inScope = Array.from({ length: 95 }, (_, i) => evidence(0.5 + i / 200, true));
    const outOfScope = Array.from({ length: 5 }, (_, i) => evidence(0.1 + i / 20, false, true));
    // Every out-of-scope example sits below every in-scope one: the threshold separates them.
    expect(chooseOutOfScopeThreshold([...inScope, ...outOfScope], 0.05)).toBe(0.5);
    // An out-of-scope share of zero never pays for rejecting anything.
    expect(chooseOutOfScopeThreshold([...inScope, ...outOfScope], 0)).toBe(0);
  });
});
