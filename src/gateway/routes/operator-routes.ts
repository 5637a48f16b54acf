import { Router, type Request } from 'express';
import { z } from 'zod';
import { findIssue, findTask, listOpenTasks } from '../../db/issue-queries';
import { LocalCrmReader } from '../../crm/local-crm-reader';
import { listNotes, listTags } from '../../issue-notes/notes';
import { CHANNELS } from '../../domain/channel';
import { PRIORITIES } from '../../domain/priority';
import { taskClock } from '../../domain/task-clock';
import { safeText } from '../../domain/safe-text';
import { operatorOf, requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';
import { csatOfRow } from '../../csat/operator-ratings';
import { messagesWithAttachments } from '../../attachments/message-links';
import { MAX_FILES_PER_MESSAGE } from '../../attachments/attachments';
import { isMultipart, readMultipart } from '../../attachments/api-uploads';
import { linkToMessage, refOfRow, unsentUploads } from '../../attachments/attachment-rows';

const replySchema = z.object({
  text: safeText({ max: 8_000 }),
  /** another channel of the customer than the one they wrote from last */
  channel: z.enum(CHANNELS).optional(),
  /** false: the team still owes the next step ("I'll get back to you"), so the SLA clock keeps counting */
  waitForCustomer: z.boolean().optional(),
  /** files uploaded for this reply with POST /issues/{issueId}/attachments */
  attachmentIds: z.array(z.uuid()).max(MAX_FILES_PER_MESSAGE).optional(),
}).strict();
const flag = z.enum(['true', 'false']).optional();
const tasksQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  mine: flag,
  unassigned: flag,
  teamId: z.uuid().optional(),
  priority: z.enum(PRIORITIES).optional(),
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(['queued', 'claimed']).optional(),
  /** the open task of one issue (an integrator following its own issue) */
  issueId: z.uuid().optional(),
});
const transferSchema = z.object({
  operatorId: z.uuid().optional(),
  teamId: z.uuid().optional(),
}).strict().refine((b) => !b.operatorId !== !b.teamId, 'name either operatorId or teamId');
const prioritySchema = z.object({ priority: z.enum(PRIORITIES) }).strict();
/** Supervisors and admins may hand over a task someone else holds. */
const actsOnBehalf = (role: string) => role === 'supervisor' || role === 'admin';
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
    const [read, notes, tags, customer] = await Promise.all([
      deps.issues.readIssue(issue.workflow_id, issue.id), listNotes(deps.db, issue.id), listTags(deps.db, issue.id),
      deps.db.query<{ display_name: string | null }>('SELECT display_name FROM customers WHERE id = $1', [issue.customer_id]),
    ]);
    // the name the customer gave a channel, for the operator's header (the workflow state holds no names)
    const customerName = customer.rows[0]?.display_name ?? undefined;
    if (read) {
      // stale: no worker answered, this is the issue as last recorded in PostgreSQL
      const messages = await messagesWithAttachments(deps.db, deps.attachments, read.state.customerId, read.state.messages, deps.people?.publicUrl);
      res.json({ issue: { ...read.state, messages, customerName }, live: true, ...(read.stale ? { stale: true } : {}), notes, tags });
      return;
    }
    // Finished issues are served from the projection.
    res.json({
      issue: {
        issueId: issue.id, customerId: issue.customer_id, customerName, status: issue.status, channel: issue.channel,
        priority: issue.priority, category: issue.category ?? undefined, createdAt: issue.created_at.toISOString(),
        ...(issue.csat_score ? { csat: csatOfRow(issue) } : {}),
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
      unassigned: query.unassigned === 'true', teamId: query.teamId, priority: query.priority,
      channel: query.channel, status: query.status, issueId: query.issueId,
      // agents and supervisors see their teams' tasks and those of no team; admins see all
      visibleToTeams: me.role === 'admin' ? undefined : [...new Set([...me.teamIds, ...(me.supervisedTeamIds ?? [])])],
      viewerId: me.id,
    });
    const now = new Date();
    res.json({
      tasks: rows.map((t) => {
        const clock = taskClock({
          createdAt: t.created_at, firstResponseDueAt: t.first_response_due_at, resolutionDueAt: t.resolution_due_at,
          firstRespondedAt: t.first_responded_at, breached: t.breached, nextResponseDueAt: t.next_response_due_at,
          warningAt: t.sla_warning_at, pausedSince: t.sla_paused_since,
        }, now);
        return {
          taskId: t.id, issueId: t.issue_id, status: t.status, priority: t.priority, reason: t.reason, summary: t.summary,
          operatorId: t.operator_id ?? undefined, createdAt: t.created_at.toISOString(),
          firstResponseDueAt: t.first_response_due_at.toISOString(), resolutionDueAt: t.resolution_due_at.toISOString(),
          firstRespondedAt: t.first_responded_at?.toISOString(), breached: t.breached,
          slaDueAt: t.sla_due_at.toISOString(), warningAt: clock.warningAt.toISOString(), atRisk: clock.atRisk,
          channel: t.channel, customerId: t.customer_id, customerName: t.customer_name ?? undefined,
          language: t.language ?? undefined, teamId: t.team_id ?? undefined,
          nextResponseDueAt: t.next_response_due_at?.toISOString(), slaPausedSince: t.sla_paused_since?.toISOString(),
          slaPolicyId: t.sla_policy_id ?? undefined,
        };
      }),
    });
  });

  router.post('/tasks/:taskId/claim', auth, async (req, res) => {
    const task = await findTask(deps.db, String(req.params.taskId));
    if (!task) throw new HttpError(404, 'unknown_task', 'no such task');
    const issue = await issueOr404(task.issue_id);
    const result = await deps.issues.claimTask(issue.workflow_id, issue.id, task.id, operatorOf(res).id);
    res.json({ ...result, issueId: issue.id });
  });

  async function taskOr404(rawId: unknown) {
    const task = await findTask(deps.db, String(rawId));
    if (!task) throw new HttpError(404, 'unknown_task', 'no such task');
    return { task, issue: await issueOr404(task.issue_id) };
  }

  router.post('/tasks/:taskId/release', auth, async (req, res) => {
    const { task, issue } = await taskOr404(req.params.taskId);
    const operator = operatorOf(res);
    const released = await deps.issues.releaseTask(issue.workflow_id, issue.id, {
      taskId: task.id, operatorId: operator.id, onBehalf: actsOnBehalf(operator.role),
    });
    res.json({ task: released, issueId: issue.id });
  });

  router.post('/tasks/:taskId/transfer', auth, async (req, res) => {
    const body = parseWith(transferSchema, req.body);
    const { task, issue } = await taskOr404(req.params.taskId);
    if (body.teamId && (await deps.db.query('SELECT 1 FROM teams WHERE id = $1', [body.teamId])).rows.length === 0) {
      throw new HttpError(404, 'unknown_team', 'no such team');
    }
    if (body.operatorId && (await deps.db.query('SELECT 1 FROM operators WHERE id = $1 AND disabled_at IS NULL', [body.operatorId])).rows.length === 0) {
      throw new HttpError(404, 'unknown_operator', 'no such operator');
    }
    const operator = operatorOf(res);
    const transferred = await deps.issues.transferTask(issue.workflow_id, issue.id, {
      taskId: task.id, operatorId: operator.id, onBehalf: actsOnBehalf(operator.role),
      toOperatorId: body.operatorId, toTeamId: body.teamId,
    });
    res.json({ task: transferred, issueId: issue.id });
  });

  router.put('/issues/:issueId/priority', auth, async (req, res) => {
    const body = parseWith(prioritySchema, req.body);
    const issue = await issueOr404(req.params.issueId);
    res.json(await deps.issues.setPriority(issue.workflow_id, issue.id, { operatorId: operatorOf(res).id, priority: body.priority }));
  });

  router.post('/issues/:issueId/reopen', auth, async (req, res) => {
    const issue = await issueOr404(req.params.issueId);
    const result = await deps.issues.reopen(issue.workflow_id, issue.id, operatorOf(res).id, idempotencyKeyOf(req));
    res.status(201).json({ ...result, issueId: issue.id });
  });

  const crm = new LocalCrmReader(deps.db);
  /** The operator's card of a customer (Switchboard's id): CRM profile, orders, returns, earlier issues. */
  router.get('/customers/:customerId/card', auth, async (req, res) => {
    const customerId = parseWith(z.uuid(), req.params.customerId, 'customer id');
    const { rows } = await deps.db.query<{ display_name: string | null; email: string | null; phone: string | null }>(
      'SELECT display_name, email, phone FROM customers WHERE id = $1', [customerId],
    );
    if (!rows[0]) throw new HttpError(404, 'not_found', 'no such customer');
    const [profile, orders, returns, previousIssues] = await Promise.all([
      crm.profile(customerId), crm.recentOrders(customerId, 10), crm.recentReturns(customerId, 10), crm.previousIssues(customerId, 10),
    ]);
    res.json({
      customerId, customer: { name: rows[0].display_name, email: rows[0].email, phone: rows[0].phone },
      profile: profile ?? null, orders, returns, previousIssues,
    });
  });

  router.post('/issues/:issueId/replies', auth, async (req, res) => {
    const body = parseWith(replySchema, req.body);
    const issue = await issueOr404(req.params.issueId);
    const idempotencyKey = idempotencyKeyOf(req);
    const ids = [...new Set(body.attachmentIds ?? [])];
    const files = ids.length > 0 ? await unsentUploads(deps.db, issue.id, ids) : [];
    if (files.length !== ids.length) {
      throw new HttpError(400, 'unknown_attachment', 'attachmentIds must name files uploaded to this issue and not sent yet');
    }
    const result = await deps.issues.reply(issue.workflow_id, issue.id, operatorOf(res).id, body.text, idempotencyKey, body.channel, {
      waitForCustomer: body.waitForCustomer, attachments: files.map(refOfRow),
    });
    if (ids.length > 0) await linkToMessage(deps.db, issue.id, ids, result.messageId);
    res.status(201).json(result);
  });

  // An operator's file for a reply: stored now, sent when a reply names it in attachmentIds.
  router.post('/issues/:issueId/attachments', auth, async (req, res) => {
    const issue = await issueOr404(req.params.issueId);
    if (!isMultipart(req)) throw new HttpError(415, 'multipart_required', 'upload files as multipart/form-data in the "files" field');
    const { files } = await readMultipart(req, res, deps.attachments.maxBytes);
    if (files.length === 0) throw new HttpError(400, 'invalid_upload', 'no file in the "files" field');
    const checked = await deps.attachments.inspect(files);
    const stored = [];
    for (const file of checked) stored.push(await deps.attachments.storeOperatorUpload(issue.id, issue.customer_id, operatorOf(res).id, file));
    res.status(201).json({ attachments: await deps.attachments.withLinks(stored, deps.people?.publicUrl) });
  });

  router.post('/issues/:issueId/resolve', auth, async (req, res) => {
    const issue = await issueOr404(req.params.issueId);
    const result = await deps.issues.resolve(issue.workflow_id, issue.id, operatorOf(res).id, idempotencyKeyOf(req));
    res.json(result);
  });

  return router;
}
