import { Router } from 'express';
import { z } from 'zod';
import { isUniqueViolation } from '../../db/pg-errors';
import { safeText } from '../../domain/safe-text';
import { deleteTeam, listTeams, saveTeam } from '../../people/teams';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const teamSchema = z.object({
  name: safeText({ max: 100 }),
  supervisorIds: z.array(z.uuid()).max(200).optional(),
  memberIds: z.array(z.uuid()).max(1000).optional(),
}).strict();
const idSchema = z.uuid();

/** Teams, their members and supervisors (reads: staff; changes: admin). */
export function teamRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const nameTaken = (error: unknown): never => {
    if (isUniqueViolation(error)) throw new HttpError(409, 'name_taken', 'another team has this name');
    throw error;
  };

  router.get('/teams', async (_req, res) => {
    res.json({ teams: await listTeams(deps.db) });
  });
  router.post('/teams', async (req, res) => {
    const team = await saveTeam(deps.db, undefined, parseWith(teamSchema, req.body)).catch(nameTaken);
    res.status(201).json({ team });
  });
  router.patch('/teams/:teamId', async (req, res) => {
    const team = await saveTeam(deps.db, parseWith(idSchema, req.params.teamId, 'team id'), parseWith(teamSchema.partial(), req.body))
      .catch(nameTaken);
    if (!team) throw new HttpError(404, 'unknown_team', 'no such team');
    res.json({ team });
  });
  router.delete('/teams/:teamId', async (req, res) => {
    const teamId = parseWith(idSchema, req.params.teamId, 'team id');
    // its open tasks would be left to admins alone
    const open = await deps.db.query(`SELECT 1 FROM human_tasks WHERE team_id = $1 AND status <> 'done' LIMIT 1`, [teamId]);
    if (open.rows.length > 0) throw new HttpError(409, 'team_has_tasks', 'this team still has open tasks: transfer them first');
    if (!(await deleteTeam(deps.db, teamId))) throw new HttpError(404, 'unknown_team', 'no such team');
    res.status(204).end();
  });
  return router;
}
