import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { hashSecret } from '../db/secrets';

/** How long a console session lives: at most `maxAgeS` after sign-in, and `idleTimeoutS` after its last use. */
export interface SessionSettings {
  maxAgeS: number;
  idleTimeoutS: number;
}
export const DEFAULT_SESSION_SETTINGS: SessionSettings = { maxAgeS: 12 * 3600, idleTimeoutS: 2 * 3600 };

/**
 * The session's CSRF token, derived from the cookie value (which only the browser holds; the database keeps a
 * different hash of it): a synchronizer token without a second secret to store, and a leaked database does not
 * reveal it.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

/** A new session; the random token goes into the cookie, only its hash into the database. */
export async function createSession(
  db: Db, operatorId: string, settings: SessionSettings, client: { address?: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO operator_sessions (id, token_hash, operator_id, expires_at, idle_timeout_s, client_address, user_agent)
     VALUES ($1, $2, $3, now() + $4 * interval '1 second', $5, $6, $7) RETURNING expires_at`,
    [randomUUID(), hashSecret(token), operatorId, settings.maxAgeS, settings.idleTimeoutS,
      client.address ?? null, client.userAgent?.slice(0, 300) ?? null],
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

/** The person of a live session (not revoked, not expired, not idle too long), and marks it used. */
export async function useSession(db: Db, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ operator_id: string }>(
    `UPDATE operator_sessions SET last_seen_at = now()
      WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        AND last_seen_at + idle_timeout_s * interval '1 second' > now()
      RETURNING operator_id`,
    [hashSecret(token)],
  );
  return rows[0]?.operator_id;
}

export async function revokeSession(db: Db, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ operator_id: string }>(
    'UPDATE operator_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING operator_id',
    [hashSecret(token)],
  );
  return rows[0]?.operator_id;
}

/** Signs a person out everywhere (admin revoke); the number of sessions ended. */
export async function revokeSessionsOf(db: Db, operatorId: string): Promise<number> {
  const { rowCount } = await db.query(
    'UPDATE operator_sessions SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL', [operatorId],
  );
  return rowCount ?? 0;
}

/** Whether the person still has a live session somewhere (signing out of the last one takes them offline). */
export async function hasLiveSession(db: Db, operatorId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM operator_sessions WHERE operator_id = $1 AND revoked_at IS NULL AND expires_at > now()
        AND last_seen_at + idle_timeout_s * interval '1 second' > now() LIMIT 1`, [operatorId],
  );
  return rows.length > 0;
}
