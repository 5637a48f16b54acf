import { Router } from 'express';
import { z } from 'zod';
import { addIntentExamples, intentLabelCounts } from '../../ai/intent-examples';
import { normaliseText, optionalSafeText, safeId, safeText } from '../../domain/safe-text';
import { intentModelStatus } from '../../ai/intent-training/model-status';
import { createArticle, listArticles } from '../../kb/articles';
import { defaultEmbedder, EmbeddingsUnavailable } from '../../kb/embeddings';
import { importDocument } from '../../kb/import-document';
import { KbImportError } from '../../kb/import-error';
import { KB_FORMATS } from '../../kb/parse-document';
import { requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const articleSchema = z.object({
  title: safeText({ max: 300 }),
  body: safeText({ max: 100_000 }),
  language: z.enum(['en', 'ru']).optional(),
  source: optionalSafeText({ max: 500 }),
  /** the intent this article answers, as labelled in the intent examples */
  intent: safeText({ max: 100 }).optional(),
}).strict();

const examplesSchema = z.object({
  examples: z.array(z.object({
    text: safeText({ max: 2_000 }),
    label: safeText({ max: 100 }),
  }).strict()).min(1).max(20_000),
  source: optionalSafeText({ max: 500 }),
}).strict();

const importSchema = z.object({
  format: z.enum(KB_FORMATS),
  source: safeText({ max: 500 }),
  content: z.string().transform(normaliseText).pipe(z.string().min(1)),
  language: z.enum(['en', 'ru']).optional(),
}).strict();

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  source: safeId({ max: 500 }).optional(),
});

/** Knowledge-base articles the assistant answers from: operators read, admins write (it is what customers are told). */
export function kbRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db);
  const admin = requireOperator(deps.db, 'admin');
  // Read at start-up, so a half-configured EMBEDDINGS_* stops the gateway instead of failing every import.
  const embedder = defaultEmbedder();
  router.post('/articles', admin, async (req, res) => {
    const article = await createArticle(deps.db, parseWith(articleSchema, req.body));
    res.status(201).json({ article });
  });
  router.get('/articles', auth, async (req, res) => {
    res.json({ articles: await listArticles(deps.db, parseWith(listSchema, req.query, 'query')) });
  });
  // Labelled example messages for the offline intent model (one worker trains the new version, all load it).
  router.post('/intents/examples', admin, async (req, res) => {
    const body = parseWith(examplesSchema, req.body);
    res.status(201).json({ added: await addIntentExamples(deps.db, body.examples, body.source) });
  });
  router.get('/intents', auth, async (_req, res) => {
    res.json({ intents: await intentLabelCounts(deps.db), model: await intentModelStatus(deps.db) });
  });
  // A whole document, chunked by headings; re-sending it updates only what changed.
  router.post('/import', admin, async (req, res) => {
    const document = parseWith(importSchema, req.body);
    try {
      res.json({ import: await importDocument(deps.db, document, { embedder }) });
    } catch (error) {
      if (error instanceof KbImportError) throw new HttpError(400, 'invalid_document', error.message);
      if (error instanceof EmbeddingsUnavailable) throw new HttpError(503, 'embeddings_unavailable', error.message);
      throw error;
    }
  });
  return router;
}
