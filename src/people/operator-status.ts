import type { Db } from '../db/pool';
import type { OperatorStatus } from './people-store';

export const OPERATOR_STATUSES = ['online', 'away', 'offline'] as const;

/**
 * A person's availability changed (status, capacity, or signing out of their last session). The routing
 * dispatcher listens through GatewayDependencies.onOperatorStatusChanged; PostgreSQL holds the truth.
 */
export interface OperatorStatusChange {
  operatorId: string;
  status: OperatorStatus;
  capacity: number;
  teamIds: string[];
  languages: string[];
  skills: string[];
  reason: 'status' | 'sign_out' | 'disabled';
  at: string;
}

export async function setOperatorStatus(
  db: Db, operatorId: string, change: { status: OperatorStatus; capacity?: number },
): Promise<{ status: OperatorStatus; capacity: number } | undefined> {
  const { rows } = await db.query<{ status: OperatorStatus; capacity: number }>(
    `UPDATE operators SET status = $2, capacity = coalesce($3, capacity),
            status_changed_at = CASE WHEN status = $2 THEN status_changed_at ELSE now() END, updated_at = now()
      WHERE id = $1 AND disabled_at IS NULL RETURNING status, capacity`,
    [operatorId, change.status, change.capacity ?? null],
  );
  return rows[0];
}
