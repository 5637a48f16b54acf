/**
 * What the gateway knows about issues from PostgreSQL, so that accepting a message costs one call to Temporal:
 * which issue a workflow run belongs to, which inbound messages were taken already (after their run ended too),
 * and what an issue looked like last when no worker answers a query.
 */
import type { Channel } from '../domain/channel';
import type { IssueMessage, IssueState, TurnAudit } from '../domain/issue';
import { STATE_LIMITS } from '../domain/state-budget';
import type { Db } from './pool';

export class IssueRegistry {
  constructor(private readonly db: Db) {}

  /** The issue an inbound message was already taken into, if any (a re-delivered webhook). */
  async issueOfInboundMessage(customerId: string, channel: Channel, externalMessageId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ issue_id: string }>(
      `SELECT issue_id FROM messages
        WHERE customer_id = $1 AND channel = $2 AND external_message_id = $3 AND direction = 'inbound' LIMIT 1`,
      [customerId, channel, externalMessageId],
    );
    return rows[0]?.issue_id;
  }

  async issueOfRun(runId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ issue_id: string }>('SELECT issue_id FROM issue_runs WHERE run_id = $1', [runId]);
    return rows[0]?.issue_id;
  }

  /** Registers an issue the gateway has just started, with its first run. */
  async recordStart(issue: { issueId: string; customerId: string; workflowId: string; channel: Channel; runId: string }): Promise<void> {
    await this.db.query(
      `WITH issue AS (
         INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, $3, 'open', $4)
         ON CONFLICT (id) DO NOTHING)
       INSERT INTO issue_runs (run_id, issue_id) VALUES ($5, $1) ON CONFLICT (run_id) DO NOTHING`,
      [issue.issueId, issue.customerId, issue.workflowId, issue.channel, issue.runId],
    );
  }

  /**
   * The issue as last projected (the workflow's state without bookkeeping, and its latest messages), for reads
   * while no worker answers.
   */
  async lastKnownState(issueId: string, messageLimit = 40): Promise<IssueState | undefined> {
    const { rows } = await this.db.query<{
      summary: IssueState | null; status: IssueState['status']; priority: IssueState['priority'];
      first_response_at: Date | null; resolved_at: Date | null;
    }>('SELECT summary, status, priority, first_response_at, resolved_at FROM issues WHERE id = $1', [issueId]);
    const row = rows[0];
    if (!row?.summary) return undefined;
    // The row's columns are written with every change (also by the turn that answered directly); the summary only
    // when the workflow projects by itself: the columns win.
    const summary: IssueState = {
      ...row.summary, status: row.status, priority: row.priority,
      firstResponseAt: row.first_response_at?.toISOString() ?? row.summary.firstResponseAt,
      resolvedAt: row.resolved_at?.toISOString() ?? row.summary.resolvedAt,
    };
    const messages = await this.db.query<{
      id: string; direction: IssueMessage['direction']; author: IssueMessage['author']; operator_id: string | null;
      channel: Channel; body: string; external_message_id: string | null; created_at: Date;
    }>(
      `SELECT * FROM (SELECT id, direction, author, operator_id, channel, body, external_message_id, created_at
         FROM messages WHERE issue_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2) recent ORDER BY created_at, id`,
      [issueId, messageLimit],
    );
    // turn audits projected beside the summary (patch 'audit-beside-summary'); older issues keep them inside it
    if (!summary.audit) {
      const audit = await this.db.query<{ entry: TurnAudit }>(
        `SELECT entry FROM (SELECT entry, at, message_id FROM issue_turn_audits WHERE issue_id = $1
           ORDER BY at DESC, message_id DESC LIMIT $2) recent ORDER BY at, message_id`,
        [issueId, STATE_LIMITS.audit],
      );
      if (audit.rows.length > 0) summary.audit = audit.rows.map((r) => r.entry);
    }
    return {
      ...summary,
      messages: messages.rows.map((m) => ({
        id: m.id, direction: m.direction, author: m.author, operatorId: m.operator_id ?? undefined, channel: m.channel,
        text: m.body, at: m.created_at.toISOString(), externalMessageId: m.external_message_id ?? undefined,
      })),
    };
  }
}
