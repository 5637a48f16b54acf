import type { Db } from './pool';

export interface IssueRow {
  id: string;
  customer_id: string;
  workflow_id: string;
  status: string;
  channel: string;
  priority: string;
  category: string | null;
  assigned_operator_id: string | null;
  sla_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  csat_score?: number | null;
  csat_comment?: string | null;
  csat_at?: Date | null;
  csat_channel?: string | null;
  csat_operator_id?: string | null;
}

export async function findIssue(db: Db, issueId: string): Promise<IssueRow | undefined> {
  const { rows } = await db.query<IssueRow>('SELECT * FROM issues WHERE id = $1', [issueId]);
  return rows[0];
}

export interface CustomerMessageRow {
  id: string;
  issue_id: string;
  direction: 'inbound' | 'outbound';
  author: string;
  channel: string;
  body: string;
  external_message_id: string | null;
  created_at: Date;
  delivered_at: Date | null;
  /** csat_question / csat_reminder: the CSAT prompt, rendered as a rating by the widget and API clients */
  kind?: string | null;
}

/** A customer's messages across all their issues, oldest first; `after` pages forward by message time. */
export async function listCustomerMessages(
  db: Db, customerId: string, options: { after?: Date; limit: number },
): Promise<CustomerMessageRow[]> {
  const { rows } = await db.query<CustomerMessageRow>(
    `SELECT id, issue_id, direction, author, channel, body, external_message_id, created_at, delivered_at, kind
       FROM messages
      WHERE customer_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2)
      ORDER BY created_at, id
      LIMIT $3`,
    [customerId, options.after ?? null, options.limit],
  );
  return rows;
}

export interface OpenTaskRow {
  id: string;
  issue_id: string;
  status: 'queued' | 'claimed';
  priority: string;
  reason: string;
  summary: string;
  operator_id: string | null;
  /** the team the task is queued for (NULL: any agent) */
  team_id: string | null;
  created_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  breached: string[];
  sla_due_at: Date;
  language: string | null;
  channel: string;
  customer_id: string;
  customer_name: string | null;
  next_response_due_at: Date | null;
  /** calendar clocks: the next warning, and since when the clock waits on the customer */
  sla_warning_at: Date | null;
  sla_paused_since: Date | null;
  sla_policy_id: string | null;
}

/** The console's queue filters (all optional, combined with AND). */
export interface TaskFilter {
  limit: number;
  /** tasks this operator holds */
  operatorId?: string;
  unassigned?: boolean;
  teamId?: string;
  /** tasks of these teams, or without a team (an agent's view) */
  visibleToTeams?: string[];
  /** with visibleToTeams: tasks this operator holds show whatever their team */
  viewerId?: string;
  priority?: string;
  channel?: string;
  status?: 'queued' | 'claimed';
  issueId?: string;
}

/** Open human tasks, the one whose next SLA deadline comes first at the top. */
export async function listOpenTasks(db: Db, options: TaskFilter): Promise<OpenTaskRow[]> {
  const { rows } = await db.query<OpenTaskRow>(
    `SELECT t.id, t.issue_id, t.status, t.priority, t.reason, t.summary, t.operator_id, t.created_at,
            t.first_response_due_at, t.resolution_due_at, t.first_responded_at, t.breached, t.team_id, t.language,
            t.next_response_due_at, t.sla_warning_at, t.sla_paused_since, t.sla_policy_id,
            i.channel, i.customer_id, c.display_name AS customer_name,
            LEAST(
              CASE WHEN t.first_responded_at IS NULL AND NOT ('first_response' = ANY (t.breached))
                   THEN t.first_response_due_at END,
              CASE WHEN NOT ('next_response' = ANY (t.breached)) THEN t.next_response_due_at END,
              CASE WHEN NOT ('resolution' = ANY (t.breached)) THEN t.resolution_due_at END,
              t.resolution_due_at
            ) AS sla_due_at
       FROM human_tasks t
       JOIN issues i ON i.id = t.issue_id
       LEFT JOIN customers c ON c.id = i.customer_id
      WHERE t.status <> 'done' AND ($2::uuid IS NULL OR t.operator_id = $2)
        AND (NOT $3::boolean OR t.operator_id IS NULL)
        AND ($4::text IS NULL OR t.team_id = $4)
        AND ($5::text[] IS NULL OR t.team_id IS NULL OR t.team_id = ANY ($5) OR t.operator_id = $9::uuid)
        AND ($6::text IS NULL OR t.priority = $6)
        AND ($7::text IS NULL OR i.channel = $7)
        AND ($8::text IS NULL OR t.status = $8)
        AND ($10::uuid IS NULL OR t.issue_id = $10)
      ORDER BY t.sla_paused_since IS NOT NULL, sla_due_at, t.created_at
      LIMIT $1`,
    [options.limit, options.operatorId ?? null, options.unassigned ?? false, options.teamId ?? null,
      options.visibleToTeams ?? null, options.priority ?? null, options.channel ?? null, options.status ?? null,
      options.viewerId ?? null, options.issueId ?? null],
  );
  return rows;
}

export async function findTask(db: Db, taskId: string): Promise<{ id: string; issue_id: string } | undefined> {
  const { rows } = await db.query<{ id: string; issue_id: string }>(
    'SELECT id, issue_id FROM human_tasks WHERE id = $1', [taskId],
  );
  return rows[0];
}

