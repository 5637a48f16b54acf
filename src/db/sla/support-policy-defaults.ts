import { MAX_SLA_TARGET_MS, type SlaTargetDefinition } from '../../domain/sla';
import type { SupportPolicy } from '../../domain/policy';
import { PRIORITIES } from '../../domain/priority';
import type { Db } from '../pool';
import { DEFAULT_SLA_POLICY_ID } from './policies';

const UNITS: Array<[string, number]> = [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];

/** "15m", "1d", "90s": the short form in the largest unit that divides the length exactly. */
export function durationText(ms: number): string {
  const value = Math.min(Math.max(Math.round(ms), 1), MAX_SLA_TARGET_MS);
  const unit = UNITS.find(([, size]) => value % size === 0);
  return unit ? `${value / unit[1]}${unit[0]}` : `${value}ms`;
}

/** The SLA values of SUPPORT_POLICY as policy targets (a next response gets the first-response target). */
export function targetsOfSupportPolicy(policy: SupportPolicy): SlaTargetDefinition[] {
  return [...PRIORITIES].reverse().map((priority) => ({
    priority,
    firstResponse: durationText(policy.firstResponseMs[priority]),
    nextResponse: durationText(policy.firstResponseMs[priority]),
    resolution: durationText(policy.resolutionMs[priority]),
  }));
}

/**
 * At start: the seeded default policy takes SUPPORT_POLICY's first-response and resolution targets, so an
 * installation that configured them keeps its deadlines. Once an admin edited that policy, the admin's
 * version stands and SUPPORT_POLICY's SLA values are no longer read. True when the policy changed.
 */
export async function adoptSupportPolicy(db: Db, policy: SupportPolicy): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sla_policies SET targets = $2::jsonb, updated_at = now()
      WHERE id = $1 AND edited_at IS NULL AND targets IS DISTINCT FROM $2::jsonb`,
    [DEFAULT_SLA_POLICY_ID, JSON.stringify(targetsOfSupportPolicy(policy))],
  );
  return rowCount === 1;
}
