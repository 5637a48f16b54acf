import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { inTransaction } from '../db/pool';
import { generateSecret, hashSecret } from '../db/secrets';

/**
 * An invitation: a link with a random token (stored hashed) that lets one person choose their password, until
 * it expires or is used. A new invitation for the same person replaces the ones before.
 */
export async function createInvitation(
  db: Db, operatorId: string, ttlS: number, createdBy?: string,
): Promise<{ token: string; expiresAt: string }> {
  const token = generateSecret('inv');
  const expiresAt = await inTransaction(db, async (client) => {
    await client.query('DELETE FROM operator_invitations WHERE operator_id = $1 AND accepted_at IS NULL', [operatorId]);
    const { rows } = await client.query<{ expires_at: Date }>(
      `INSERT INTO operator_invitations (id, operator_id, token_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 second') RETURNING expires_at`,
      [randomUUID(), operatorId, hashSecret(token), createdBy ?? null, ttlS],
    );
    return rows[0]!.expires_at;
  });
  return { token, expiresAt: expiresAt.toISOString() };
}

export interface OpenInvitation { id: string; operatorId: string; email: string | null; name: string; expiresAt: string }

/** The invitation behind a token, if it is unused, unexpired and its person still enabled. */
export async function findOpenInvitation(db: Db, token: string): Promise<OpenInvitation | undefined> {
  const { rows } = await db.query<{ id: string; operator_id: string; email: string | null; name: string; expires_at: Date }>(
    `SELECT i.id, i.operator_id, o.email, o.name, i.expires_at FROM operator_invitations i JOIN operators o ON o.id = i.operator_id
      WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now() AND o.disabled_at IS NULL`,
    [hashSecret(token)],
  );
  const r = rows[0];
  return r ? { id: r.id, operatorId: r.operator_id, email: r.email, name: r.name, expiresAt: r.expires_at.toISOString() } : undefined;
}

/** Uses the invitation once: sets the password (and name). False when someone used it a moment before. */
export async function acceptInvitation(db: Db, invitation: OpenInvitation, passwordHash: string, name?: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const { rowCount } = await client.query(
      'UPDATE operator_invitations SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND expires_at > now()', [invitation.id],
    );
    if (!rowCount) return false;
    await client.query(
      'UPDATE operators SET password_hash = $2, name = coalesce($3, name), updated_at = now() WHERE id = $1',
      [invitation.operatorId, passwordHash, name ?? null],
    );
    // a new password (an invitation also serves to reset one) ends the sessions of the old one
    await client.query('UPDATE operator_sessions SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL', [invitation.operatorId]);
    return true;
  });
}
