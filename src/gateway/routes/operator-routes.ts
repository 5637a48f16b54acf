import { Router, type Request } from 'express';
import { z } from 'zod';
import { findIssue, findTask, listOpenTasks } from '../../db/issue-queries';
import { listNotes, listTags } from '../../issue-notes/notes';
import { CHANNELS } from '../../domain/channel';
import { safeText } from '../../domain/safe-text';
import { operatorOf, requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const replySchema = z.object({
  text: safeText({ max: 8_000 }),
  /** another channel of the customer than the one they wrote from last */
  channel: z.enum(CHANNELS).optional(),
}).strict();
const tasksQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  mine: z.enum(['true', 'false']).optional(),
});
const issueIdSchema = z.uuid();

/** The client's request id: a retry with the same key returns the first result instead of acting twice. */
function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.header('idempotency-key')?.trim();
  if (key === undefined || key === '') return undefined;
  return parseWith(idempotencyKeySchema, key, 'Idempotency-Key header');
}
const idempotencyKeySchema = z.string().max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** What operators do: see the queue, claim, reply, resolve, look at an issue (`Bearer <operator token>`). */
export function operatorRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db);

  async function issueOr404(rawId: unknown) {
    const issue = await findIssue(deps.db, parseWith(issueIdSchema, rawId, 'issue id'));
    if (!issue) throw new HttpError(404, 'unknown_issue', 'no such issue');
    return issue;
  }

  router.get('/issues/:issueId', auth, async (req, res) => {
    const issue = await issueOr404(req.params.issueId);
    // internal notes and tags: PostgreSQL only, never part of the workflow's state
    const [read, notes, tags] = await Promise.all([
      deps.issues.readIssue(issue.workflow_id, issue.id), listNotes(deps.db, issue.id), listTags(deps.db, issue.id),
    ]);
    if (read) {
      // stale: no worker answered, this is the issue as last recorded in PostgreSQL
      res.json({ issue: read.state, live: true, ...(read.stale ? { stale: true } : {}), notes, tags });
      return;
    }
    // Finished issues are served from the projection.
    res.json({
      issue: {
        issueId: issue.id, customerId: issue.customer_id, status: issue.status, channel: issue.channel,
        priority: issue.priority, category: issue.category ?? undefined, createdAt: issue.created_at.toISOString(),
      },
      live: false,
      notes,
      tags,
    });
  });

  router.get('/tasks', auth, async (req, res) => {
    const query = parseWith(tasksQuerySchema, req.query, 'query');
    const me = operatorOf(res);
    const rows = await listOpenTasks(deps.db, {
      limit: query.limit, operatorId: query.mine === 'true' ? me.id : undefined,
      // agents and supervisors see their teams' tasks and those of no team; admins see all
      teamIds: me.role === 'admin' ? undefined : me.teamIds,
    });
    res.json({
      tasks: rows.map((t) => ({
        taskId: t.id, issueId: t.issue_id, status: t.status, priority: t.priority, reason: t.reason, summary: t.summary,
        operatorId: t.operator_id ?? undefined, createdAt: t.created_at.toISOString(),
        firstResponseDueAt: t.first_response_due_at.toISOString(), resolutionDueAt: t.resolution_due_at.toISOString(),
        firstRespondedAt: t.first_responded_at?.toISOString(), breached: t.breached,
        slaDueAt: t.sla_due_at.toISOString(), teamId: t.team_id ?? undefined,
      })),
    });
  });

  router.post('/tasks/:taskId/claim', auth, async (req, res) => {
    const task = await findTask(deps.db, String(req.params.taskId));
    if (!task) throw new HttpError(404, 'unknown_task', 'no such task');
    const issue = await issueOr404(task.issue_id);
    const result = await deps.issues.claimTask(issue.workflow_id, issue.id, task.id, operatorOf(res).id);
    res.json({ ...result, issueId: issue.id });
  });

  router.post('/issues/:issueId/replies', auth, async (req, res) => {
    const body = parseWith(replySchema, req.body);
    const issue = await issueOr404(req.params.issueId);
    const idempotencyKey = idempotencyKeyOf(req);
    const result = await deps.issues.reply(issue.workflow_id, issue.id, operatorOf(res).id, body.text, idempotencyKey, body.channel);
    res.status(201).json(result);
  });

  router.post('/issues/:issueId/resolve', auth, async (req, res) => {
    const issue = await issueOr404(req.params.issueId);
    const result = await deps.issues.resolve(issue.workflow_id, issue.id, operatorOf(res).id, idempotencyKeyOf(req));
    res.json(result);
  });

  return router;
}
