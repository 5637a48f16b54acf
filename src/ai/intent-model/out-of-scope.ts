/**
 * The confidence below which the classifier says "none of my intents", chosen on out-of-fold predictions.
 * With out-of-scope examples in the training data the threshold maximises
 *   (1 − share) · in-scope accuracy + share · out-of-scope recall,
 * where `share` is the share of out-of-scope messages expected in real traffic: training sets hold far fewer of
 * them (CLINC150: 0.7 %) than traffic or test sets do (CLINC150 test: 18 %), so their own share would set the
 * threshold too low. Out-of-fold accuracy is optimistic about how fast in-scope accuracy falls as the
 * threshold rises, so a modest share (default 5 %, tuned on CLINC150's validation split) is used rather than
 * the test set's. Without any out-of-scope examples it maximises the decisions that were right: correct
 * predictions kept plus wrong ones withheld, i.e. it withholds where the chance of being right is below 1/2.
 */

export const DEFAULT_OUT_OF_SCOPE_SHARE = 0.05;

export interface ScopeEvidence {
  /** Calibrated probability of the top in-scope intent. */
  readonly confidence: number;
  /** The top in-scope intent is the true label. */
  readonly correct: boolean;
  /** The true label is the out-of-scope class. */
  readonly trulyOutOfScope: boolean;
  /** The explicit out-of-scope class outscored every intent. */
  readonly predictedOutOfScope: boolean;
}

/** Lowest confidence still accepted as in scope; ties go to the lower threshold. */
export function chooseOutOfScopeThreshold(evidence: readonly ScopeEvidence[], share = DEFAULT_OUT_OF_SCOPE_SHARE): number {
  const inScope = evidence.filter((e) => !e.trulyOutOfScope).length;
  const outOfScope = evidence.length - inScope;
  // Each example adds `accepted` to the score when its confidence clears the threshold, `rejected` otherwise.
  const gains = evidence.map((e) => {
    if (outOfScope === 0) return { confidence: e.confidence, accepted: e.correct ? 1 : 0, rejected: e.correct ? 0 : 1 };
    if (e.trulyOutOfScope) {
      return { confidence: e.confidence, accepted: e.predictedOutOfScope ? share / outOfScope : 0, rejected: share / outOfScope };
    }
    return { confidence: e.confidence, accepted: e.correct && !e.predictedOutOfScope ? (1 - share) / inScope : 0, rejected: 0 };
  }).sort((a, b) => a.confidence - b.confidence);
  // Sweep upward from "accept everything": raising the threshold past an example swaps its gain.
  let score = gains.reduce((sum, g) => sum + g.accepted, 0);
  let best = score;
  let threshold = 0;
  for (let i = 0; i < gains.length; i++) {
    score += gains[i].rejected - gains[i].accepted;
    const next = i + 1 < gains.length ? gains[i + 1].confidence : Infinity;
    if (next > gains[i].confidence && score > best + 1e-12 && next !== Infinity) {
      best = score;
      threshold = next;
    }
  }
  return threshold;
}
