import { Router } from 'express';
import { z } from 'zod';
import type { RoutingGateway } from '../../routing/routing-gateway';
import { operatorOf, requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

/** Team ids become workflow ids (`dispatcher:<teamId>`): short, printable, no spaces. */
const teamIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits, ".", "_", ":" or "-" (at most 100)');
const taskIdSchema = z.string().min(1).max(200);

/** The routing queue: supervisors watch a team's queue; an operator declines a task offered to them. */
export function routingRoutes(deps: GatewayDependencies, routing: RoutingGateway): Router {
  const router = Router();
  const auth = requireOperator(deps.db);

  router.get('/teams/:teamId/queue', auth, async (req, res) => {
    const teamId = parseWith(teamIdSchema, req.params.teamId, 'team id');
    const queue = await routing.teamQueue(teamId);
    if (!queue) throw new HttpError(503, 'workers_unavailable', 'no worker answered for the team\'s dispatcher: try again');
    res.json({ queue });
  });

  router.post('/tasks/:taskId/decline', auth, async (req, res) => {
    const taskId = parseWith(taskIdSchema, req.params.taskId, 'task id');
    if (!(await routing.decline(taskId, operatorOf(res).id))) {
      throw new HttpError(409, 'no_open_offer', 'this task is not offered to you (the offer ended or went to someone else)');
    }
    res.status(202).json({ taskId, declined: true });
  });

  return router;
}
