import { policyInForce } from '../src/db/sla';
import type { PolicyInForce } from '../src/domain/sla';
import type { Db } from '../src/db/pool';
import type { SlaPolicyInForceInput } from './types';

/** Reads the SLA policy and calendar in force, for the workflow to record on a new task (read-only, retry-safe). */
export function slaActivities(db: Db) {
  return {
    async slaPolicyInForce(input: SlaPolicyInForceInput): Promise<PolicyInForce> {
      return policyInForce(db, input);
    },
  };
}
