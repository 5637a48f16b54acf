/**
 * The task_offers table: what the dispatchers offered to whom, and how each offer ended. Writes are keyed by the
 * dispatcher's offer id (a retried activity changes nothing twice) and NOTIFY `console_events` in the same
 * transaction, so every gateway replica tells the operator's console.
 */
import type { PoolClient } from 'pg';
import { inTransaction, type Db } from '../db/pool';
import type { ClosedOffer, Offer } from '../domain/routing';

export const CONSOLE_EVENTS_CHANNEL = 'console_events';

export interface OfferToRecord extends Offer { teamId: string; issueId: string; capacity: number }

/** Marks an open offer ended at `at`; tells the console once (only the write that closed it notifies). */
export async function closeOffer(db: Db, offer: ClosedOffer, at: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ issue_id: string }>(
      `UPDATE task_offers SET state = $2, closed_at = $3 WHERE offer_id = $1 AND state = 'open' RETURNING issue_id`,
      [offer.offerId, offer.outcome, at],
    );
    if (rows[0]) {
      await notify(tx, {
        type: 'offer_closed', taskId: offer.taskId, issueId: rows[0].issue_id, operatorId: offer.operatorId,
        offerId: offer.offerId, state: offer.outcome,
      });
    }
  });
}

/**
 * Records an offer unless the operator is full with tasks of all their teams (claimed tasks plus open offers,
 * per PostgreSQL: a team's dispatcher sees only its own). Returns the load that refused it, or undefined when
 * the offer stands (also when a retry finds it recorded already). A per-operator advisory lock makes two
 * dispatchers offering to one operator at the same moment count one after the other.
 */
export async function recordOffer(db: Db, offer: OfferToRecord): Promise<{ refusedAtLoad?: number }> {
  return inTransaction(db, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('task_offers:' || $1))`, [offer.operatorId]);
    const known = await tx.query('SELECT 1 FROM task_offers WHERE offer_id = $1', [offer.offerId]);
    if (known.rowCount) return {};
    const { rows } = await tx.query<{ load: string }>(
      `SELECT (SELECT count(*) FROM human_tasks
                WHERE status = 'claimed' AND operator_id::text = $1 AND id <> $2)
            + (SELECT count(*) FROM task_offers
                WHERE state = 'open' AND operator_id = $1 AND expires_at > now() AND task_id <> $2) AS load`,
      [offer.operatorId, offer.taskId],
    );
    const load = Number(rows[0]?.load ?? 0);
    if (load >= offer.capacity) return { refusedAtLoad: load };
    await tx.query(
      `INSERT INTO task_offers (offer_id, task_id, issue_id, team_id, operator_id, offered_at, expires_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')`,
      [offer.offerId, offer.taskId, offer.issueId, offer.teamId, offer.operatorId, offer.offeredAt, offer.expiresAt],
    );
    await notify(tx, {
      type: 'offer', taskId: offer.taskId, issueId: offer.issueId, operatorId: offer.operatorId, offerId: offer.offerId,
      teamId: offer.teamId, expiresAt: offer.expiresAt,
    });
    return {};
  });
}

/** Of these tasks, the ones the issue projection has done: done is final for a task id (a reopen makes a new task). */
export async function doneTasks(db: Db, taskIds: string[]): Promise<string[]> {
  if (taskIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM human_tasks WHERE id = ANY($1::text[]) AND status = 'done'`, [taskIds]);
  return rows.map((r) => r.id);
}

/** The open, unexpired offer of a task to an operator (what they may decline). */
export async function openOfferOf(db: Db, taskId: string, operatorId: string): Promise<{ offerId: string; teamId: string } | undefined> {
  const { rows } = await db.query<{ offer_id: string; team_id: string }>(
    `SELECT offer_id, team_id FROM task_offers
      WHERE task_id = $1 AND operator_id = $2 AND state = 'open' AND expires_at > now()
      ORDER BY offered_at DESC LIMIT 1`,
    [taskId, operatorId],
  );
  return rows[0] ? { offerId: rows[0].offer_id, teamId: rows[0].team_id } : undefined;
}

async function notify(tx: PoolClient, event: Record<string, unknown>): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CONSOLE_EVENTS_CHANNEL, JSON.stringify({ ...event, at: new Date().toISOString() })]);
}
