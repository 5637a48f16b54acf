import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { inTransaction } from '../db/pool';

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  supervisorIds: string[];
  createdAt: string;
}

interface TeamRow { id: string; name: string; created_at: Date; member_ids: string[]; supervisor_ids: string[] }

const TEAM_COLUMNS = `t.id, t.name, t.created_at,
  ARRAY(SELECT m.operator_id::text FROM team_members m WHERE m.team_id = t.id ORDER BY m.operator_id) AS member_ids,
  ARRAY(SELECT s.operator_id::text FROM team_supervisors s WHERE s.team_id = t.id ORDER BY s.operator_id) AS supervisor_ids`;

const teamOf = (r: TeamRow): Team => ({
  id: r.id, name: r.name, memberIds: r.member_ids, supervisorIds: r.supervisor_ids, createdAt: r.created_at.toISOString(),
});

export async function listTeams(db: Db): Promise<Team[]> {
  const { rows } = await db.query<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM teams t ORDER BY t.name`);
  return rows.map(teamOf);
}

export async function findTeam(db: Db, id: string): Promise<Team | undefined> {
  const { rows } = await db.query<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.id = $1`, [id]);
  return rows[0] ? teamOf(rows[0]) : undefined;
}

export interface TeamInput { name?: string; memberIds?: string[]; supervisorIds?: string[] }

/** Creates (id undefined) or changes a team; member and supervisor lists, when given, replace the old ones. */
export async function saveTeam(db: Db, id: string | undefined, input: TeamInput): Promise<Team | undefined> {
  const teamId = id ?? randomUUID();
  const found = await inTransaction(db, async (client) => {
    if (id === undefined) {
      await client.query('INSERT INTO teams (id, name) VALUES ($1, $2)', [teamId, input.name]);
    } else if (input.name !== undefined) {
      const { rowCount } = await client.query('UPDATE teams SET name = $2 WHERE id = $1', [teamId, input.name]);
      if (!rowCount) return false;
    } else if ((await client.query('SELECT 1 FROM teams WHERE id = $1', [teamId])).rows.length === 0) {
      return false;
    }
    for (const [table, ids] of [['team_members', input.memberIds], ['team_supervisors', input.supervisorIds]] as const) {
      if (!ids) continue;
      await client.query(`DELETE FROM ${table} WHERE team_id = $1`, [teamId]);
      await client.query(
        `INSERT INTO ${table} (team_id, operator_id) SELECT $1, o.id FROM operators o WHERE o.id = ANY($2::uuid[]) AND o.disabled_at IS NULL`,
        [teamId, [...new Set(ids)]],
      );
    }
    return true;
  });
  return found ? findTeam(db, teamId) : undefined;
}

export async function deleteTeam(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM teams WHERE id = $1', [id]);
  return rowCount === 1;
}
