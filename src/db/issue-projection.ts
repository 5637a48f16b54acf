import type { ProjectionChange } from '../../activities/types';
import type { Channel } from '../domain/channel';
import type { HumanTask, IssueMessage } from '../domain/issue';
import { normaliseJson, normaliseText } from '../domain/safe-text';
import { webhookPayloads } from '../integrations/issue-event-payload';
import { consoleEventsOf, notifyConsoles } from '../console/console-events';
import { inTransaction, type Db } from './pool';

/**
 * Registers an issue as soon as the gateway got it accepted by Temporal, so it can be found (and its customer's
 * messages listed) even before a worker has run the workflow.
 */
export async function recordAcceptedIssue(
  db: Db, issue: { issueId: string; customerId: string; workflowId: string; channel: Channel },
): Promise<void> {
  await db.query(
    `INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, $3, 'open', $4)
     ON CONFLICT (id) DO NOTHING`,
    [issue.issueId, issue.customerId, issue.workflowId, issue.channel],
  );
}

/**
 * Writes one workflow state change. Idempotent under retries; never overwrites a newer version. Events for
 * integrators go into the webhook outbox in the same transaction, one row per endpoint.
 */
export async function applyProjection(
  db: Db, workflowId: string, change: ProjectionChange, webhookEndpoints: string[] = [],
): Promise<void> {
  const i = change.issue;
  await inTransaction(db, async (client) => {
    await client.query(
      `INSERT INTO issues (id, customer_id, workflow_id, status, channel, priority, category, assigned_operator_id,
         sla_due_at, first_response_at, resolved_at, resolved_by, csat_score, csat_comment, created_at, updated_at, version,
         summary)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15, now(), $16, $17)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, channel = EXCLUDED.channel, priority = EXCLUDED.priority,
         category = EXCLUDED.category, assigned_operator_id = EXCLUDED.assigned_operator_id,
         sla_due_at = EXCLUDED.sla_due_at, first_response_at = EXCLUDED.first_response_at,
         resolved_at = EXCLUDED.resolved_at, resolved_by = EXCLUDED.resolved_by,
         csat_score = EXCLUDED.csat_score, csat_comment = EXCLUDED.csat_comment,
         created_at = EXCLUDED.created_at, updated_at = now(), version = EXCLUDED.version,
         summary = COALESCE(EXCLUDED.summary, issues.summary)
       WHERE issues.version < EXCLUDED.version`,
      [i.issueId, i.customerId, workflowId, i.status, i.channel, i.priority, i.category ?? null,
        i.assignedOperatorId ?? null, i.slaDueAt ?? null, i.firstResponseAt ?? null, i.resolvedAt ?? null,
        i.resolvedBy ?? null, i.csat?.score ?? null, storableNullable(i.csat?.comment), i.createdAt, i.version,
        change.summary ? JSON.stringify(normaliseJson(change.summary)) : null],
    );
    if (change.runId) {
      await client.query(
        'INSERT INTO issue_runs (run_id, issue_id) VALUES ($1, $2) ON CONFLICT (run_id) DO NOTHING', [change.runId, i.issueId],
      );
    }
    for (const m of change.messages ?? []) await insertMessage(client, i.issueId, i.customerId, m);
    for (const t of latestPerTask(change.tasks ?? [])) {
      await client.query(
        `INSERT INTO human_tasks (id, issue_id, status, priority, reason, summary, operator_id, created_at, claimed_at,
           first_response_due_at, resolution_due_at, first_responded_at, closed_at, breached, version, team_id, language,
           next_response_due_at, sla_warning_at, sla_paused_since, sla_policy_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, priority = EXCLUDED.priority, operator_id = EXCLUDED.operator_id,
           team_id = EXCLUDED.team_id, language = EXCLUDED.language,
           claimed_at = EXCLUDED.claimed_at, first_responded_at = EXCLUDED.first_responded_at,
           closed_at = EXCLUDED.closed_at, breached = EXCLUDED.breached, version = EXCLUDED.version,
           first_response_due_at = EXCLUDED.first_response_due_at, resolution_due_at = EXCLUDED.resolution_due_at,
           next_response_due_at = EXCLUDED.next_response_due_at, sla_warning_at = EXCLUDED.sla_warning_at,
           sla_paused_since = EXCLUDED.sla_paused_since, sla_policy_id = EXCLUDED.sla_policy_id
         WHERE human_tasks.version < EXCLUDED.version`,
        [t.taskId, i.issueId, t.status, t.priority, t.reason, normaliseText(t.summary), t.operatorId ?? null, t.createdAt,
          t.claimedAt ?? null, t.firstResponseDueAt, t.resolutionDueAt, t.firstRespondedAt ?? null,
          t.closedAt ?? null, t.breached, i.version, t.teamId ?? null, t.language ?? null,
          t.nextResponseDueAt ?? null, t.slaWarningAt ?? null, t.sla?.pausedSince ?? null, t.sla?.policyId ?? null],
      );
    }
    for (const e of change.events ?? []) {
      await client.query(
        `INSERT INTO issue_events (id, issue_id, type, data, created_at) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (id) DO NOTHING`,
        [e.eventId, i.issueId, e.type, JSON.stringify(normaliseJson(e.data ?? {})), e.at],
      );
    }
    // in the same transaction: consoles of every gateway replica hear of the change once it is committed
    await notifyConsoles(client, consoleEventsOf(change));
    if (webhookEndpoints.length === 0) return;
    for (const payload of webhookPayloads(change)) {
      for (const endpoint of webhookEndpoints) {
        const deliveryId = `${payload.eventId}@${endpoint}`;
        await client.query(
          `INSERT INTO webhook_outbox (id, event_id, endpoint, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
          [deliveryId, payload.eventId, endpoint, JSON.stringify(normaliseJson({ deliveryId, ...payload }))],
        );
      }
    }
  });
}

function storableNullable(text: string | undefined): string | null {
  return text === undefined ? null : normaliseText(text);
}

/** Stores one message of an issue once (a retried projection or delivery writes it again harmlessly). */
export async function insertMessage(
  client: Pick<import('pg').PoolClient, 'query'>, issueId: string, customerId: string, m: IssueMessage,
): Promise<void> {
  await client.query(
    `INSERT INTO messages (id, issue_id, customer_id, direction, author, operator_id, channel, body,
       external_message_id, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (id) DO NOTHING`,
    [m.id, issueId, customerId, m.direction, m.author, m.operatorId ?? null, m.channel, normaliseText(m.text),
      storableNullable(m.externalMessageId), m.at],
  );
}

/**
 * One change may hold several snapshots of a task (queued, claimed, done) under one issue version; only the
 * last says where the task is (the version guard would keep the first and refuse the others).
 */
function latestPerTask(tasks: HumanTask[]): HumanTask[] {
  return [...new Map(tasks.map((t) => [t.taskId, t])).values()];
}
