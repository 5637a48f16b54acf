import { Router } from 'express';
import { z } from 'zod';
import { createOperator, listOperators } from '../../db/credentials';
import { requireOperator } from '../auth';
import { parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const operatorSchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(['admin', 'operator', 'integration']).default('operator'),
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
    res.json({ operators: await listOperators(deps.db) });
  });
  return router;
}
