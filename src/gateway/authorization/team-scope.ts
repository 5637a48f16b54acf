import type { Db } from '../../db/pool';
import type { Operator } from '../../people/roles';
import type { TeamScope } from './route-rules';

/**
 * Whether the caller may act on the task (or the latest task): admins always; others when the task has
 * no team, belongs to one of their teams, or was handed to them personally (a transfer to a person). An unknown
 * task or issue passes (the route answers 404).
 */
interface TaskTeam { team_id: string | null; operator_id: string | null }

export async function inTeamScope(db: Db, operator: Operator, scope: TeamScope, id: string): Promise<boolean> {
  if (operator.role === 'admin') return true;
  if (scope === 'team') {
    if (operator.supervisedTeamIds?.includes(id)) return true;
    // an unknown team passes: the route answers for it
    const team = await db.query('SELECT 1 FROM teams WHERE id = $1', [id]).catch(() => ({ rows: [] }));
    return team.rows.length === 0;
  }
  const { rows } = scope === 'task'
    ? await db.query<TaskTeam>('SELECT team_id, operator_id FROM human_tasks WHERE id = $1', [id])
    : await db.query<TaskTeam>(
      'SELECT team_id, operator_id FROM human_tasks WHERE issue_id = $1 ORDER BY created_at DESC LIMIT 1', [id],
    ).catch(() => ({ rows: [] as TaskTeam[] })); // not a uuid: the route answers 400
  const teamId = rows[0]?.team_id;
  return teamId == null || operator.teamIds.includes(teamId) || rows[0]?.operator_id === operator.id;
}
