import type { Db } from './pool';

/**
 * Claims an outbound message for one delivery attempt: `claimed` when this attempt may send it, `delivered`
 * when it was sent already, `held` while another attempt's claim is still running.
 */
export async function claimDelivery(db: Db, messageId: string, seconds: number): Promise<'claimed' | 'delivered' | 'held'> {
  const { rows } = await db.query<{ delivered: boolean; claimed: boolean }>(
    `WITH claim AS (
       UPDATE messages SET delivery_claimed_until = now() + make_interval(secs => $2),
                           delivery_attempts = delivery_attempts + 1
        WHERE id = $1 AND delivered_at IS NULL
          AND (delivery_claimed_until IS NULL OR delivery_claimed_until < now())
       RETURNING id)
     SELECT m.delivered_at IS NOT NULL AS delivered, EXISTS (SELECT 1 FROM claim) AS claimed
       FROM messages m WHERE m.id = $1`,
    [messageId, seconds],
  );
  const row = rows[0];
  if (!row) throw new Error(`message ${messageId} is not stored`);
  if (row.delivered) return 'delivered';
  return row.claimed ? 'claimed' : 'held';
}

export async function markMessageDelivered(db: Db, messageId: string): Promise<void> {
  await db.query('UPDATE messages SET delivered_at = COALESCE(delivered_at, now()), delivery_error = NULL, delivery_claimed_until = NULL WHERE id = $1', [messageId]);
}

export async function releaseDeliveryClaim(db: Db, messageId: string): Promise<void> {
  await db.query('UPDATE messages SET delivery_claimed_until = NULL WHERE id = $1 AND delivered_at IS NULL', [messageId]);
}
