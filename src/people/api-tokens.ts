import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { generateSecret, hashSecret } from '../db/secrets';
import { findPerson, operatorOfPerson } from './people-store';
import type { Operator, Role } from './roles';

/** A named API token as the admin API lists it (never the token itself: it is shown once, at creation). */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  /** set for a person's own token (it acts as that person) */
  operatorId?: string;
  createdAt: string;
  /** when it was last used (to the nearest few minutes): which tokens are still in use */
  lastUsedAt?: string;
}

/**
 * A named token for an integration or a script, with its own role; the token is returned once and stored hashed.
 * With `operatorId` it is that person's token: it acts as them, with their current role and teams.
 */
export async function createApiToken(
  db: Db, input: { name: string; role?: Role; operatorId?: string; createdBy?: string; token?: string },
): Promise<{ apiToken: ApiToken; token: string }> {
  const token = input.token ?? generateSecret('op');
  const id = randomUUID();
  const { rows } = await db.query<{ created_at: Date }>(
    `INSERT INTO api_tokens (id, name, role, operator_id, token_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
    [id, input.name, input.operatorId ? null : input.role, input.operatorId ?? null, hashSecret(token), input.createdBy ?? null],
  );
  return {
    apiToken: {
      id, name: input.name, role: input.role ?? 'agent', ...(input.operatorId ? { operatorId: input.operatorId } : {}),
      createdAt: rows[0]!.created_at.toISOString(),
    },
    token,
  };
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const { rows } = await db.query<{ id: string; name: string; role: Role; operator_id: string | null; created_at: Date; last_used_at: Date | null }>(
    `SELECT t.id, t.name, coalesce(t.role, o.role) AS role, t.operator_id, t.created_at, t.last_used_at
       FROM api_tokens t LEFT JOIN operators o ON o.id = t.operator_id
      WHERE t.revoked_at IS NULL AND (o.id IS NULL OR o.disabled_at IS NULL) ORDER BY t.created_at`,
  );
  return rows.map((r) => ({
    id: r.id, name: r.name, role: r.role, ...(r.operator_id ? { operatorId: r.operator_id } : {}), createdAt: r.created_at.toISOString(),
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at.toISOString() } : {}),
  }));
}

export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return rowCount === 1;
}

/** Who a Bearer token stands for, or undefined when it is unknown or revoked. */
export async function findOperatorByToken(db: Db, token: string): Promise<Operator | undefined> {
  const { rows } = await db.query<{ id: string; name: string; role: Role | null; operator_id: string | null }>(
    'SELECT id, name, role, operator_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hashSecret(token)],
  );
  const row = rows[0];
  if (!row) return undefined;
  // at most one write per token every few minutes; losing one is harmless
  await db.query(
    `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '5 minutes')`, [row.id],
  ).catch(() => undefined);
  if (row.operator_id) {
    const person = await findPerson(db, row.operator_id);
    if (!person) return undefined;
    return { ...operatorOfPerson(person), role: row.role ?? person.role };
  }
  return { id: row.id, name: row.name, role: row.role!, teamIds: [], supervisedTeamIds: [], languages: [], skills: [] };
}
