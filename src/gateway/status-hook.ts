import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import { setOperatorStatus, type OperatorStatusChange } from '../people/operator-status';
import { findPerson, type OperatorStatus } from '../people/people-store';
import type { GatewayDependencies } from './dependencies';

/**
 * Stores a person's new status/capacity and tells the routing hook. The hook's failure is logged, not raised:
 * the status in PostgreSQL is what counts, and the dispatcher reads it again when it next runs.
 */
export async function changeOperatorStatus(
  deps: Pick<GatewayDependencies, 'db' | 'logger' | 'onOperatorStatusChanged'>, operatorId: string,
  change: { status: OperatorStatus; capacity?: number }, reason: OperatorStatusChange['reason'],
): Promise<{ status: OperatorStatus; capacity: number } | undefined> {
  const stored = await setOperatorStatus(deps.db, operatorId, change);
  if (!stored) return undefined;
  await notifyStatus(deps.db, deps.logger, deps.onOperatorStatusChanged, operatorId, reason);
  return stored;
}

export async function notifyStatus(
  db: Db, logger: Logger, hook: GatewayDependencies['onOperatorStatusChanged'], operatorId: string,
  reason: OperatorStatusChange['reason'],
): Promise<void> {
  if (!hook) return;
  const { rows } = await db.query<{ status: OperatorStatus; capacity: number }>('SELECT status, capacity FROM operators WHERE id = $1', [operatorId]);
  if (!rows[0]) return;
  const person = await findPerson(db, operatorId);
  try {
    await hook({
      operatorId, status: rows[0].status, capacity: rows[0].capacity, teamIds: person?.teamIds ?? [],
      languages: person?.languages ?? [], skills: person?.skills ?? [], reason, at: new Date().toISOString(),
    });
  } catch (error) {
    logger.warn({ err: error, operatorId }, 'operator status hook failed');
  }
}
