import { Router } from 'express';
import { z } from 'zod';
import { createArticle, listArticles } from '../../kb/articles';
import { requireOperator } from '../auth';
import { parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const articleSchema = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(100_000),
  language: z.enum(['en', 'ru']).optional(),
  source: z.string().trim().max(500).optional(),
}).strict();

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Knowledge-base articles the assistant answers from (operator token). */
export function kbRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db);
  router.post('/articles', auth, async (req, res) => {
    const article = await createArticle(deps.db, parseWith(articleSchema, req.body));
    res.status(201).json({ article });
  });
  router.get('/articles', auth, async (req, res) => {
    res.json({ articles: await listArticles(deps.db, parseWith(listSchema, req.query, 'query')) });
  });
  return router;
}
