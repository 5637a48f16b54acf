import { createHash } from 'node:crypto';

export interface VariantShare { name: string; share: number }

/**
 * The customer's point in [0, 1) for an experiment: the first 48 bits of SHA-256 of "experimentId:customerId".
 * No state and no randomness, so every process, before and after restarts, gives one customer one variant;
 * a different experiment reshuffles customers independently.
 */
export function assignmentPoint(experimentId: string, customerId: string): number {
  const digest = createHash('sha256').update(`${experimentId}:${customerId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The variant whose slice of the cumulative shares holds the customer's point (the last absorbs rounding). */
export function assignVariant(experimentId: string, customerId: string, variants: readonly VariantShare[]): string {
  const point = assignmentPoint(experimentId, customerId);
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.share;
    if (point < cumulative) return variant.name;
  }
  return variants[variants.length - 1].name;
}

/** The value of the `SwitchboardExperiment` search attribute: "experimentId:variant" (no personal data). */
export function experimentTag(experimentId: string, variant: string): string {
  return `${experimentId}:${variant}`;
}
