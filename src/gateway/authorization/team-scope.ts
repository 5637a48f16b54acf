import type { Db } from '../../db/pool';
import type { Operator } from '../../people/roles';
import type { TeamScope } from './route-rules';

/**
 * Whether the caller may act on the task (or the latest task): admins always; others when the task has
 * no team or belongs to one of their teams. An unknown task or issue passes (the route answers 404).
 */
export async function inTeamScope(db: Db, operator: Operator, scope: TeamScope, id: string): Promise<boolean> {
  if (operator.role === 'admin') return true;
  const { rows } = scope === 'task'
    ? await db.query<{ team_id: string | null }>('SELECT team_id FROM human_tasks WHERE id = $1', [id])
    : await db.query<{ team_id: string | null }>(
      'SELECT team_id FROM human_tasks WHERE issue_id = $1 ORDER BY created_at DESC LIMIT 1', [id],
    ).catch(() => ({ rows: [] as { team_id: string | null }[] })); // not a uuid: the route answers 400
  const teamId = rows[0]?.team_id;
  return teamId == null || operator.teamIds.includes(teamId);
}
