import { Router } from 'express';
import { z } from 'zod';
import { safeText } from '../../domain/safe-text';
import {
  createCannedResponse, deleteCannedResponse, listCannedResponses, updateCannedResponse,
} from '../../people/canned-responses';
import { operatorOf } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a language code such as en or ru');
const cannedSchema = z.object({ title: safeText({ max: 200 }), text: safeText({ max: 8_000 }), language: language.optional() }).strict();
const patchSchema = z.object({ title: safeText({ max: 200 }), text: safeText({ max: 8_000 }), language: language.nullable() }).partial().strict();
const idSchema = z.uuid();

/** Canned responses: every staff member reads them, supervisors and admins edit them. */
export function cannedResponseRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const notFound = () => new HttpError(404, 'unknown_canned_response', 'no such canned response');
  router.get('/canned-responses', async (req, res) => {
    const query = parseWith(z.object({ language: language.optional() }), req.query, 'query');
    res.json({ cannedResponses: await listCannedResponses(deps.db, query.language) });
  });
  router.post('/canned-responses', async (req, res) => {
    res.status(201).json({ cannedResponse: await createCannedResponse(deps.db, parseWith(cannedSchema, req.body), operatorOf(res).id) });
  });
  router.patch('/canned-responses/:cannedResponseId', async (req, res) => {
    const updated = await updateCannedResponse(
      deps.db, parseWith(idSchema, req.params.cannedResponseId, 'canned response id'), parseWith(patchSchema, req.body),
    );
    if (!updated) throw notFound();
    res.json({ cannedResponse: updated });
  });
  router.delete('/canned-responses/:cannedResponseId', async (req, res) => {
    if (!(await deleteCannedResponse(deps.db, parseWith(idSchema, req.params.cannedResponseId, 'canned response id')))) throw notFound();
    res.status(204).end();
  });
  return router;
}
