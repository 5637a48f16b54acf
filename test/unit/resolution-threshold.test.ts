import { chooseAnswerThreshold, simulateResolution, type AnswerOutcome } from '../../src/ai/resolution';

const outcome = (confidence: number, correct: boolean): AnswerOutcome => ({ confidence, correct });

describe('choosing when the assistant may answer on its own', () => {
  // 20 messages; the wrong ones sit at 0.95, 0.6, 0.5 and 0.3.
  const outcomes = [
    ...[0.99, 0.98, 0.97, 0.96, 0.94, 0.93, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.55, 0.45, 0.4, 0.2].map((c) => outcome(c, true)),
    outcome(0.95, false), outcome(0.6, false), outcome(0.5, false), outcome(0.3, false),
  ];

  it('takes the lowest threshold whose wrong answers stay within the budget', () => {
    // A 10 % budget of 20 messages allows two wrong answers: the third sits at 0.5, so answer down to 0.55.
    const threshold = chooseAnswerThreshold(outcomes, 0.1);
    expect(threshold).toBe(0.55);
    expect(simulateResolution(outcomes, threshold)).toEqual({ messages: 20, answered: 15, wrong: 2, automationRate: 0.75, wrongRate: 0.1 });
  });

  it('respects the budget for every setting', () => {
    for (const maxWrong of [0, 0.02, 0.05, 0.1, 0.15, 0.2, 1]) {
      const summary = simulateResolution(outcomes, chooseAnswerThreshold(outcomes, maxWrong));
      expect(summary.wrongRate).toBeLessThanOrEqual(maxWrong);
    }
  });

  it('answers everything when the budget allows every mistake', () => {
    expect(chooseAnswerThreshold(outcomes, 1)).toBe(0.2);
  });

  it('answers nothing when even the most confident answer is wrong and no mistake is allowed', () => {
    const threshold = chooseAnswerThreshold([outcome(0.9, false), outcome(0.8, true)], 0);
    expect(threshold).toBe(Infinity);
    expect(simulateResolution([outcome(0.9, false), outcome(0.8, true)], threshold).answered).toBe(0);
  });

  it('answers or escalates messages of equal confidence together', () => {
    // Answering at 0.7 would bring in two messages, one of them wrong: with a zero budget both are escalated.
    expect(chooseAnswerThreshold([outcome(0.9, true), outcome(0.7, true), outcome(0.7, false)], 0)).toBe(0.9);
  });
});
