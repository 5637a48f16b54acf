/** Scores for classification and ranking, computed from (true, predicted) pairs or ranks. */

export interface Labelled {
  readonly truth: string;
  readonly predicted: string;
}

export function accuracy(pairs: readonly Labelled[]): number {
  return pairs.length ? pairs.filter((p) => p.truth === p.predicted).length / pairs.length : 0;
}

/** Unweighted mean of per-label F1 over every label that occurs as truth or as prediction. */
export function macroF1(pairs: readonly Labelled[]): number {
  const labels = new Set(pairs.flatMap((p) => [p.truth, p.predicted]));
  let sum = 0;
  for (const label of labels) {
    const truePositives = pairs.filter((p) => p.truth === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const actual = pairs.filter((p) => p.truth === label).length;
    sum += predicted + actual ? (2 * truePositives) / (predicted + actual) : 0;
  }
  return labels.size ? sum / labels.size : 0;
}

/** Share of queries whose relevant item is within the top k; `ranks` are 1-based, null when not retrieved. */
export function hitAt(ranks: readonly (number | null)[], k: number): number {
  return ranks.length ? ranks.filter((rank) => rank !== null && rank <= k).length / ranks.length : 0;
}

export function meanReciprocalRank(ranks: readonly (number | null)[]): number {
  return ranks.length ? ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / ranks.length : 0;
}

export interface IntentScores {
  accuracy: number;
  macroF1: number;
  /** null without an out-of-scope label */
  inScopeAccuracy: number | null;
  /** null without an out-of-scope label or without out-of-scope messages */
  oosRecall: number | null;
  inScope: number;
  outOfScope: number;
}

/** The intent figures of (true, predicted) pairs; `oos` is the out-of-scope label, if the data has one. */
export function intentScores(pairs: readonly Labelled[], oos: string | undefined): IntentScores {
  const inScope = pairs.filter((p) => p.truth !== oos);
  const outOfScope = pairs.filter((p) => p.truth === oos);
  return {
    accuracy: accuracy(pairs),
    macroF1: macroF1(pairs),
    inScopeAccuracy: oos === undefined ? null : accuracy(inScope),
    oosRecall: oos === undefined || outOfScope.length === 0 ? null : accuracy(outOfScope),
    inScope: inScope.length,
    outOfScope: outOfScope.length,
  };
}
