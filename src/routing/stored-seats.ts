/**
 * The people of a team as PostgreSQL stores them (helper "people"'s operators + team_members), for the
 * dispatcher's comparison (activities/routing: seatReader). The default team: every person.
 */
import type { Db } from '../db/pool';
import type { OperatorStatusChange } from '../domain/routing';
import { DEFAULT_TEAM } from '../domain/routing';

export async function storedTeamSeats(db: Db, teamId: string): Promise<OperatorStatusChange[]> {
  const { rows } = await db.query<{
    operator_id: string; status: OperatorStatusChange['status']; capacity: number; languages: string[]; skills: string[];
    team_ids: string[]; at: Date;
  }>(
    `SELECT o.id::text AS operator_id, o.status, o.capacity, o.languages, o.skills,
            coalesce(array_agg(m.team_id::text) FILTER (WHERE m.team_id IS NOT NULL), '{}') AS team_ids,
            greatest(o.status_changed_at, o.updated_at) AS at
       FROM operators o
       LEFT JOIN team_members m ON m.operator_id = o.id
      WHERE o.disabled_at IS NULL
        AND ($1 = $2 OR EXISTS (SELECT 1 FROM team_members t WHERE t.operator_id = o.id AND t.team_id::text = $1))
      GROUP BY o.id`,
    [teamId, DEFAULT_TEAM],
  );
  return rows.map((r) => ({
    operatorId: r.operator_id, status: r.status, capacity: r.capacity, languages: r.languages, skills: r.skills,
    teamIds: r.team_ids, at: r.at.toISOString(),
  }));
}
