import type { Db } from './pool';

/**
 * A delivery attempt's claim on an outbound message. `attempt` is the message's claim count when this attempt
 * took it: a later attempt that takes the message after the claim lapsed raises it, so the earlier one can tell
 * it no longer holds the message (a fencing token).
 */
export type DeliveryClaim = { state: 'claimed'; attempt: number } | { state: 'delivered' } | { state: 'held' };

/**
 * Claims an outbound message for one delivery attempt: `claimed` when this attempt may send it, `delivered`
 * when it was sent already, `held` while another attempt's claim is still running.
 */
export async function claimDelivery(db: Db, messageId: string, seconds: number): Promise<DeliveryClaim> {
  const { rows } = await db.query<{ delivered: boolean; attempt: number | null }>(
    `WITH claim AS (
       UPDATE messages SET delivery_claimed_until = now() + make_interval(secs => $2),
                           delivery_attempts = delivery_attempts + 1
        WHERE id = $1 AND delivered_at IS NULL
          AND (delivery_claimed_until IS NULL OR delivery_claimed_until < now())
       RETURNING delivery_attempts)
     SELECT m.delivered_at IS NOT NULL AS delivered, (SELECT delivery_attempts FROM claim) AS attempt
       FROM messages m WHERE m.id = $1`,
    [messageId, seconds],
  );
  const row = rows[0];
  if (!row) throw new Error(`message ${messageId} is not stored`);
  if (row.delivered) return { state: 'delivered' };
  return row.attempt !== null ? { state: 'claimed', attempt: row.attempt } : { state: 'held' };
}

/**
 * Extends the attempt's claim from now, if the attempt still holds the message (no later attempt took it
 * after a lapse, and it is not delivered). Taken before each part a channel sends, so the claim always outlasts
 * the part being sent.
 */
export async function renewDeliveryClaim(db: Db, messageId: string, attempt: number, seconds: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE messages SET delivery_claimed_until = now() + make_interval(secs => $3)
      WHERE id = $1 AND delivery_attempts = $2 AND delivered_at IS NULL`,
    [messageId, attempt, seconds],
  );
  return rowCount === 1;
}

export async function markMessageDelivered(db: Db, messageId: string): Promise<void> {
  await db.query('UPDATE messages SET delivered_at = COALESCE(delivered_at, now()), delivery_error = NULL, delivery_claimed_until = NULL WHERE id = $1', [messageId]);
}

/** Gives the message back for the next attempt, unless a later attempt holds it by now. */
export async function releaseDeliveryClaim(db: Db, messageId: string, attempt: number): Promise<void> {
  await db.query(
    'UPDATE messages SET delivery_claimed_until = NULL WHERE id = $1 AND delivery_attempts = $2 AND delivered_at IS NULL',
    [messageId, attempt],
  );
}
