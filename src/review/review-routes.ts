import { Router } from 'express';
import { z } from 'zod';
import { optionalSafeText, safeText } from '../domain/safe-text';
import { operatorOf } from '../gateway/auth';
import type { GatewayDependencies } from '../gateway/dependencies';
import { HttpError, parseWith } from '../gateway/http-errors';
import { listReviews, VERDICTS } from './answer-reviews';
import { REVIEW_REASONS } from './review-queue';
import { ReviewRefused } from './review-refused';
import { acceptSuggestion, listSuggestions, rejectSuggestion, SUGGESTION_STATUSES } from './suggestions';
import { recordVerdict } from './verdicts';

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
const reviewListSchema = z.object({ status: z.enum(['pending', 'done']).optional(), reason: z.enum(REVIEW_REASONS).optional(), ...page });
const suggestionListSchema = z.object({ status: z.enum(SUGGESTION_STATUSES).optional(), ...page });
const verdictSchema = z.object({
  verdict: z.enum(VERDICTS),
  correctAnswer: optionalSafeText({ max: 20_000 }),
  note: optionalSafeText({ max: 2_000 }),
  intent: safeText({ max: 100 }).optional(),
}).strict();
const idSchema = z.uuid();

/** A refusal of the review domain as the gateway's `{error: {code, message}}`. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReviewRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

/**
 * Quality review of assistant answers: supervisors and admins read the queue and give verdicts; admins accept
 * or reject the suggestions right answers make (route table: src/gateway/authorization/route-rules.ts).
 */
export function reviewRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/reviews', async (req, res) => {
    const q = parseWith(reviewListSchema, req.query, 'query');
    const { total, reviews } = await listReviews(deps.db, q);
    const next = q.offset + reviews.length;
    res.json({ total, limit: q.limit, offset: q.offset, nextOffset: next < total ? next : null,
      reviews: reviews.map((r) => ({ ...r, issueUrl: `/console/issues/${r.issueId}` })) });
  });
  router.post('/reviews/:reviewId', async (req, res) => {
    const id = parseWith(idSchema, req.params.reviewId, 'review id');
    const input = parseWith(verdictSchema, req.body);
    res.json(await answering(() => recordVerdict(deps.db, id, operatorOf(res).id, input)));
  });
  router.get('/suggestions', async (req, res) => {
    const q = parseWith(suggestionListSchema, req.query, 'query');
    const { total, suggestions } = await listSuggestions(deps.db, q);
    const next = q.offset + suggestions.length;
    res.json({ total, limit: q.limit, offset: q.offset, nextOffset: next < total ? next : null, suggestions });
  });
  router.post('/suggestions/:suggestionId/accept', async (req, res) => {
    const id = parseWith(idSchema, req.params.suggestionId, 'suggestion id');
    res.json({ suggestion: await answering(() => acceptSuggestion(deps.db, id, operatorOf(res).id)) });
  });
  router.post('/suggestions/:suggestionId/reject', async (req, res) => {
    const id = parseWith(idSchema, req.params.suggestionId, 'suggestion id');
    res.json({ suggestion: await answering(() => rejectSuggestion(deps.db, id, operatorOf(res).id)) });
  });
  return router;
}
