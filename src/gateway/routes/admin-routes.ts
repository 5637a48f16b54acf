import { Router } from 'express';
import { z } from 'zod';
import { createOperator } from '../../db/credentials';
import { listPeople } from '../../people/people-store';
import { ROLE_INPUTS } from '../../people/roles';
import { safeText } from '../../domain/safe-text';
import { requireOperator } from '../auth';
import { parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const operatorSchema = z.object({
  name: safeText({ max: 200 }),
  role: z.enum(ROLE_INPUTS).default('agent'),
}).strict();

/** Operator accounts (admin token). The new operator's token is shown once, in the response. */
export function adminRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db, 'admin');
  router.post('/operators', auth, async (req, res) => {
    const { operator, token } = await createOperator(deps.db, parseWith(operatorSchema, req.body));
    res.status(201).json({ operator, token });
  });
  router.get('/operators', auth, async (_req, res) => {
    res.json({ operators: await listPeople(deps.db) });
  });
  return router;
}
