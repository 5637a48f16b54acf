import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Db } from '../db/pool';
import type { Operator, PersonRole } from './roles';

/** A person as the admin API shows them. */
export interface Person extends Operator {
  role: PersonRole;
  capacity: number;
  status: OperatorStatus;
  /** false until they accepted their invitation (no password yet) */
  active: boolean;
  createdAt: string;
}
export type OperatorStatus = 'online' | 'away' | 'offline';

type Queryable = Db | PoolClient;

const PERSON_COLUMNS = `o.id, o.name, o.role, o.email, o.languages, o.skills, o.capacity, o.status, o.created_at,
  o.password_hash IS NOT NULL AS active,
  ARRAY(SELECT team_id::text FROM team_members m WHERE m.operator_id = o.id
        UNION SELECT team_id::text FROM team_supervisors s WHERE s.operator_id = o.id) AS team_ids,
  ARRAY(SELECT team_id::text FROM team_supervisors s WHERE s.operator_id = o.id) AS supervised_team_ids`;

interface PersonRow {
  id: string; name: string; role: PersonRole; email: string | null; languages: string[]; skills: string[];
  capacity: number; status: OperatorStatus; created_at: Date; active: boolean; team_ids: string[]; supervised_team_ids: string[];
}

function personOf(row: PersonRow): Person {
  return {
    id: row.id, name: row.name, role: row.role, ...(row.email ? { email: row.email } : {}),
    teamIds: [...row.team_ids].sort(), supervisedTeamIds: [...row.supervised_team_ids].sort(),
    languages: row.languages, skills: row.skills, capacity: row.capacity, status: row.status, active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

/** The caller's view of a person (what `res.locals.operator` holds). */
export function operatorOfPerson(p: Person): Operator {
  return {
    id: p.id, name: p.name, role: p.role, ...(p.email ? { email: p.email } : {}), teamIds: p.teamIds,
    supervisedTeamIds: p.supervisedTeamIds, languages: p.languages, skills: p.skills,
  };
}

export async function findPerson(db: Queryable, id: string): Promise<Person | undefined> {
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM operators o WHERE o.id = $1 AND o.disabled_at IS NULL`, [id]);
  return rows[0] ? personOf(rows[0]) : undefined;
}

/** With the password hash, for sign-in. */
export async function findPersonByEmail(db: Db, email: string): Promise<{ person: Person; passwordHash: string | null } | undefined> {
  const { rows } = await db.query<PersonRow & { password_hash: string | null }>(
    `SELECT ${PERSON_COLUMNS}, o.password_hash FROM operators o WHERE lower(o.email) = lower($1) AND o.disabled_at IS NULL`, [email],
  );
  return rows[0] ? { person: personOf(rows[0]), passwordHash: rows[0].password_hash } : undefined;
}

export async function listPeople(db: Db): Promise<Person[]> {
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM operators o WHERE o.disabled_at IS NULL ORDER BY o.created_at, o.name`);
  return rows.map(personOf);
}

export interface PersonInput {
  name: string;
  role: PersonRole;
  email?: string;
  passwordHash?: string;
  teamIds?: string[];
  languages?: string[];
  skills?: string[];
  capacity?: number;
}

export async function insertPerson(db: Queryable, input: PersonInput): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO operators (id, name, role, email, password_hash, languages, skills, capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, input.name, input.role, input.email ?? null, input.passwordHash ?? null, input.languages ?? [], input.skills ?? [], input.capacity ?? 3],
  );
  if (input.teamIds) await setTeams(db, id, input.teamIds);
  return id;
}

export async function updatePerson(db: Queryable, id: string, patch: Partial<Omit<PersonInput, 'passwordHash'>>): Promise<boolean> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  const column = { name: 'name', role: 'role', email: 'email', languages: 'languages', skills: 'skills', capacity: 'capacity' } as const;
  for (const [key, col] of Object.entries(column)) {
    const value = patch[key as keyof typeof column];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${col} = $${values.length}`);
  }
  const { rowCount } = await db.query(
    `UPDATE operators SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND disabled_at IS NULL`, values,
  );
  if (!rowCount) return false;
  if (patch.teamIds) await setTeams(db, id, patch.teamIds);
  return true;
}

async function setTeams(db: Queryable, id: string, teamIds: string[]): Promise<void> {
  await db.query('DELETE FROM team_members WHERE operator_id = $1', [id]);
  await db.query('INSERT INTO team_members (team_id, operator_id) SELECT unnest($2::uuid[]), $1', [id, [...new Set(teamIds)]]);
}

export async function setPassword(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE operators SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
}

/** Disables a person: their sessions and personal tokens stop working at once. */
export async function disablePerson(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE operators SET disabled_at = now(), status = 'offline', email = NULL, updated_at = now() WHERE id = $1 AND disabled_at IS NULL`, [id],
  );
  if (!rowCount) return false;
  await db.query('UPDATE operator_sessions SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL', [id]);
  await db.query('UPDATE api_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL', [id]);
  await db.query('DELETE FROM team_members WHERE operator_id = $1', [id]);
  await db.query('DELETE FROM team_supervisors WHERE operator_id = $1', [id]);
  return true;
}
