/**
 * The resolution simulation: the assistant answers a message itself when its confidence in the top intent
 * reaches a threshold and hands it to a person otherwise. With one knowledge-base article per intent, an
 * answer is right exactly when the top intent is the true one; a message with no intent (out of scope) is
 * always answered wrongly if answered at all.
 */

export interface AnswerOutcome {
  /** Calibrated confidence of the top intent. */
  readonly confidence: number;
  /** The top intent is the message's true intent. */
  readonly correct: boolean;
}

export interface ResolutionSummary {
  readonly messages: number;
  readonly answered: number;
  readonly wrong: number;
  /** Answered / all messages. */
  readonly automationRate: number;
  /** Wrong answers / all messages. */
  readonly wrongRate: number;
}

/**
 * The lowest confidence threshold whose wrong answers stay within `maxWrongRate` of all messages. Lowering the
 * threshold only ever adds answers, so wrong answers grow monotonically and the sweep can stop at the first
 * breach. Messages with equal confidence are answered or escalated together. Infinity (answer nothing) when
 * even the most confident message would breach the budget.
 */
export function chooseAnswerThreshold(outcomes: readonly AnswerOutcome[], maxWrongRate: number): number {
  const sorted = [...outcomes].sort((a, b) => b.confidence - a.confidence);
  const budget = maxWrongRate * sorted.length;
  let wrong = 0;
  let threshold = Infinity;
  for (let i = 0; i < sorted.length; ) {
    const confidence = sorted[i].confidence;
    let j = i;
    for (; j < sorted.length && sorted[j].confidence === confidence; j++) if (!sorted[j].correct) wrong++;
    if (wrong > budget + 1e-9) break;
    threshold = confidence;
    i = j;
  }
  return threshold;
}

export function simulateResolution(outcomes: readonly AnswerOutcome[], threshold: number): ResolutionSummary {
  const answered = outcomes.filter((o) => o.confidence >= threshold);
  const wrong = answered.filter((o) => !o.correct).length;
  const messages = outcomes.length;
  return {
    messages,
    answered: answered.length,
    wrong,
    automationRate: messages ? answered.length / messages : 0,
    wrongRate: messages ? wrong / messages : 0,
  };
}
