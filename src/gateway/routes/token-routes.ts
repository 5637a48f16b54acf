import { Router } from 'express';
import { z } from 'zod';
import { safeText } from '../../domain/safe-text';
import { createApiToken, listApiTokens, revokeApiToken } from '../../people/api-tokens';
import { normaliseRole, ROLE_INPUTS } from '../../people/roles';
import { operatorOf } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const tokenSchema = z.object({
  name: safeText({ max: 200 }),
  role: z.enum(ROLE_INPUTS).transform(normaliseRole),
}).strict();

/** Named API tokens for integrations and scripts (admin): each with a role, shown once, revocable. */
export function tokenRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/tokens', async (_req, res) => {
    res.json({ tokens: await listApiTokens(deps.db) });
  });
  router.post('/tokens', async (req, res) => {
    const body = parseWith(tokenSchema, req.body);
    const { apiToken, token } = await createApiToken(deps.db, { ...body, createdBy: operatorOf(res).id });
    res.status(201).json({ apiToken, token });
  });
  router.delete('/tokens/:tokenId', async (req, res) => {
    if (!(await revokeApiToken(deps.db, parseWith(z.uuid(), req.params.tokenId, 'token id')))) {
      throw new HttpError(404, 'unknown_token', 'no such token (or already revoked)');
    }
    res.status(204).end();
  });
  return router;
}
