import type { Db } from '../db/pool';
import { clampLimit, type PreviousIssue } from './crm-reader';

const FIRST_MESSAGE_CHARS = 300;

/** The customer's issues in Switchboard, newest first, each with the customer's first message. */
export async function listPreviousIssues(db: Db, customerId: string, limit: number): Promise<PreviousIssue[]> {
  const { rows } = await db.query<{
    id: string; status: string; channel: string; category: string | null; priority: string;
    created_at: Date; resolved_at: Date | null; csat_score: number | null; first_message: string | null;
  }>(
    `SELECT i.id, i.status, i.channel, i.category, i.priority, i.created_at, i.resolved_at, i.csat_score,
            (SELECT m.body FROM messages m WHERE m.issue_id = i.id AND m.customer_id = i.customer_id AND m.author = 'customer'
              ORDER BY m.created_at, m.id LIMIT 1) AS first_message
       FROM issues i WHERE i.customer_id = $1
      ORDER BY i.created_at DESC, i.id LIMIT $2`,
    [customerId, clampLimit(limit)],
  );
  return rows.map((r) => ({
    issueId: r.id, status: r.status, channel: r.channel, category: r.category, priority: r.priority,
    createdAt: r.created_at.toISOString(), resolvedAt: r.resolved_at?.toISOString() ?? null,
    csatScore: r.csat_score === null ? null : Number(r.csat_score),
    firstMessage: r.first_message === null ? null
      : r.first_message.length > FIRST_MESSAGE_CHARS ? `${r.first_message.slice(0, FIRST_MESSAGE_CHARS)}…` : r.first_message,
  }));
}
