/** Seeded randomness, so training (shuffles, fold assignment) repeats exactly for the same seed. */

/** mulberry32: a tiny, fast 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[] | Int32Array, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
}

/**
 * Fold number (0..folds-1) for each example, stratified: each label's examples are shuffled and dealt round
 * robin, so every fold gets its share of every label (the deal starts where the previous label's ended, so
 * small labels do not all pile into fold 0).
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const members = byLabel.get(label);
    if (members) members.push(index);
    else byLabel.set(label, [index]);
  });
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const members = byLabel.get(label)!;
    shuffleInPlace(members, random);
    for (const index of members) {
      fold[index] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}
