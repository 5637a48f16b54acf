import { Router } from 'express';
import { z } from 'zod';
import { findIssue } from '../../db/issue-queries';
import { safeText } from '../../domain/safe-text';
import { addNote, listNotes, setTags } from '../../issue-notes/notes';
import { operatorOf } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const noteSchema = z.object({ text: safeText({ max: 8_000 }) }).strict();
const tagsSchema = z.object({
  tags: z.array(z.string().trim().toLowerCase().min(1).max(50).regex(/^[\p{L}\p{N}_.:+-]+$/u, 'letters, digits and _ . : + -')).max(50),
}).strict();

/** Internal notes and tags on an issue (staff of the issue's team; never shown to the customer or the assistant). */
export function issueNoteRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  async function issueIdOr404(raw: unknown): Promise<string> {
    const issue = await findIssue(deps.db, parseWith(z.uuid(), raw, 'issue id'));
    if (!issue) throw new HttpError(404, 'unknown_issue', 'no such issue');
    return issue.id;
  }
  router.get('/issues/:issueId/notes', async (req, res) => {
    res.json({ notes: await listNotes(deps.db, await issueIdOr404(req.params.issueId)) });
  });
  router.post('/issues/:issueId/notes', async (req, res) => {
    const body = parseWith(noteSchema, req.body);
    const issueId = await issueIdOr404(req.params.issueId);
    const { id, name } = operatorOf(res);
    res.status(201).json({ note: await addNote(deps.db, issueId, { id, name }, body.text) });
  });
  router.put('/issues/:issueId/tags', async (req, res) => {
    const body = parseWith(tagsSchema, req.body);
    res.json({ tags: await setTags(deps.db, await issueIdOr404(req.params.issueId), body.tags) });
  });
  return router;
}
