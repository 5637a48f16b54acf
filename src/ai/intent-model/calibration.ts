/**
 * Temperature scaling (Guo et al. 2017): probabilities = softmax(margins / T), with the single T fitted by
 * minimising the log-loss of out-of-fold margins. SVM margins have no probabilistic scale of their own; one
 * parameter fixes that without changing which class ranks first, and cannot overfit a few thousand examples.
 */

export function softmax(scores: ArrayLike<number>, temperature: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp((scores[i] - max) / temperature);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Mean negative log-likelihood of the true classes. */
export function logLoss(scores: readonly ArrayLike<number>[], targets: ArrayLike<number>, temperature: number): number {
  let total = 0;
  scores.forEach((row, i) => { total -= Math.log(Math.max(softmax(row, temperature)[targets[i]], 1e-300)); });
  return total / scores.length;
}

/** Golden-section search on log T (the loss is unimodal in T); T within [0.001, 100]. */
export function fitTemperature(scores: readonly ArrayLike<number>[], targets: ArrayLike<number>): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.001);
  let high = Math.log(100);
  const loss = (logT: number) => logLoss(scores, targets, Math.exp(logT));
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  while (high - low > 1e-4) {
    if (lossA < lossB) {
      high = b; b = a; lossB = lossA;
      a = high - ratio * (high - low); lossA = loss(a);
    } else {
      low = a; a = b; lossA = lossB;
      b = low + ratio * (high - low); lossB = loss(b);
    }
  }
  return Math.exp((low + high) / 2);
}
