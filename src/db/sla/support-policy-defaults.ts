import { DEFAULT_SLA_POLICY_ID, targetsOfSupportPolicy } from '../../domain/sla';
import type { SupportPolicy } from '../../domain/policy';
import type { Db } from '../pool';

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
