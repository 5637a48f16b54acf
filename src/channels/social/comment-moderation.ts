import { randomUUID } from 'node:crypto';
import type { Channel } from '../../domain/channel';
import { inTransaction, type Db } from '../../db/pool';

/**
 * How a platform takes a comment out of public view: Facebook and Instagram hide it (the commenter and their
 * friends still see it; nobody else does), VK can only delete it (and restore it later).
 */
export interface CommentModerator {
  how: 'hide' | 'delete';
  /** throws the platform's refusal (a permission missing, the comment gone) */
  setHidden(comment: { commentId: string; postId?: string }, hidden: boolean): Promise<void>;
}

export interface ModerationEvent {
  type: 'social_comment_hidden' | 'social_comment_unhidden';
  at: string;
  operatorId?: string;
  data: Record<string, unknown>;
}

export interface IssueComment {
  messageId: string;
  channel: Channel;
  commentId: string;
  postId?: string;
  hidden: boolean;
  hiddenAt?: string;
  events: ModerationEvent[];
}

interface CommentRow {
  message_id: string; channel: Channel; comment_id: string; post_id: string | null; hidden_at: Date | null;
}

/** The customer comments on an issue (messages that are comments), oldest first, with their hide/unhide history. */
export async function issueComments(db: Db, issueId: string, messageId?: string): Promise<IssueComment[]> {
  const { rows } = await db.query<CommentRow>(
    `SELECT m.id AS message_id, s.channel, s.comment_id, s.post_id, s.hidden_at
       FROM messages m JOIN social_inbound s ON s.channel = m.channel AND s.external_message_id = m.external_message_id
      WHERE m.issue_id = $1 AND m.direction = 'inbound' AND s.kind = 'comment' AND s.comment_id IS NOT NULL
        AND ($2::text IS NULL OR m.id = $2)
      ORDER BY m.created_at`,
    [issueId, messageId ?? null],
  );
  if (rows.length === 0) return [];
  const events = await db.query<{ type: ModerationEvent['type']; created_at: Date; data: Record<string, unknown> }>(
    `SELECT type, created_at, data FROM issue_events
      WHERE issue_id = $1 AND type IN ('social_comment_hidden', 'social_comment_unhidden') ORDER BY created_at, id`,
    [issueId],
  );
  return rows.map((r) => ({
    messageId: r.message_id, channel: r.channel, commentId: r.comment_id, postId: r.post_id ?? undefined,
    hidden: r.hidden_at !== null, hiddenAt: r.hidden_at?.toISOString(),
    events: events.rows.filter((e) => e.data.messageId === r.message_id).map((e) => ({
      type: e.type, at: e.created_at.toISOString(),
      operatorId: typeof e.data.operatorId === 'string' ? e.data.operatorId : undefined, data: e.data,
    })),
  }));
}

/** Is `messageId` a message of the issue at all (so a non-comment gets 409, an unknown id 404)? */
export async function isIssueMessage(db: Db, issueId: string, messageId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM messages WHERE issue_id = $1 AND id = $2', [issueId, messageId]);
  return rows.length > 0;
}

/**
 * After the platform did it — at an operator's request, or on the platform itself (a page admin, the author, VK's
 * own moderation), as its webhook tells: the comment's state and the issue event, together. Only a change is
 * recorded, so a re-delivered webhook, or the platform's echo of our own action, adds nothing.
 */
export async function recordCommentVisibility(
  db: Db, comment: { channel: Channel; commentId: string }, hidden: boolean, how: CommentModerator['how'],
  by: { operatorId: string } | 'platform',
): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const changed = await client.query<{ issue_id: string; message_id: string }>(
      `UPDATE social_inbound s SET hidden_at = CASE WHEN $3 THEN now() END, hidden_by = CASE WHEN $3 THEN $4 END
         FROM messages m
        WHERE s.channel = $1 AND s.comment_id = $2 AND s.kind = 'comment' AND (s.hidden_at IS NOT NULL) <> $3
          AND m.channel = s.channel AND m.external_message_id = s.external_message_id AND m.direction = 'inbound'
        RETURNING m.issue_id, m.id AS message_id`,
      [comment.channel, comment.commentId, hidden, by === 'platform' ? 'platform' : `operator:${by.operatorId}`],
    );
    const row = changed.rows[0];
    if (!row) return false;
    await client.query(
      'INSERT INTO issue_events (id, issue_id, type, data, created_at) VALUES ($1, $2, $3, $4, now())',
      [randomUUID(), row.issue_id, hidden ? 'social_comment_hidden' : 'social_comment_unhidden', JSON.stringify({
        messageId: row.message_id, channel: comment.channel, commentId: comment.commentId,
        ...(by === 'platform' ? { by: 'platform' } : { by: 'operator', operatorId: by.operatorId }),
        how: hidden ? (how === 'hide' ? 'hidden' : 'deleted') : (how === 'hide' ? 'unhidden' : 'restored'),
      })],
    );
    return true;
  });
}
