import { Router } from 'express';
import { z } from 'zod';
import type { GatewayDependencies } from '../gateway/dependencies';
import { operatorOf, requireOperator } from '../gateway/auth';
import { parseWith } from '../gateway/http-errors';
import { recentRatingsOf } from './operator-ratings';

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** GET /api/v1/me/ratings: the signed-in person's own recent CSAT ratings (the issues they resolved). */
export function operatorRatingRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/me/ratings', requireOperator(deps.db), async (req, res) => {
    const { limit } = parseWith(querySchema, req.query, 'query');
    res.json(await recentRatingsOf(deps.db, operatorOf(res).id, limit));
  });
  return router;
}
