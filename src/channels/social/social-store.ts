import type { Channel } from '../../domain/channel';
import type { Db } from '../../db/pool';
import { DbOutboundStore, type OutboundStore } from '../outbound-parts';

/** One inbound direct message or comment, as recorded before it is handed to the issue (table social_inbound). */
export interface SocialInbound {
  channel: Channel;
  externalMessageId: string;
  kind: 'direct' | 'comment';
  /** PSID, IGSID, the commenter's id, VK user id */
  senderId: string;
  commentId?: string;
  postId?: string;
  autoAnswer: boolean;
  policyReason?: string;
  sentAt: Date;
}

/** Where a reply to the customer goes: their latest direct message or comment on the channel. */
export interface ReplyTarget extends SocialInbound {
  privateReplyId?: string;
  /** when the customer last wrote a direct message (the messaging window counts from it) */
  lastDirectAt?: Date;
}

/** A re-delivered webhook finds its row and writes nothing. */
export async function recordSocialInbound(db: Db, item: SocialInbound): Promise<void> {
  await db.query(
    `INSERT INTO social_inbound (channel, external_message_id, kind, sender_id, comment_id, post_id, auto_answer, policy_reason, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [item.channel, item.externalMessageId, item.kind, item.senderId, item.commentId ?? null, item.postId ?? null,
      item.autoAnswer, item.policyReason ?? null, item.sentAt],
  );
}

export interface SocialOutboundStore extends OutboundStore {
  replyTarget(customerId: string): Promise<ReplyTarget | undefined>;
  recordPrivateReply(target: ReplyTarget, providerMessageId: string, recipientId?: string): Promise<void>;
  /** Puts on the issue why a message was not sent (policy) or went another way (private reply refused). */
  recordIssueNote(note: { issueId: string; messageId: string; type: string; data: Record<string, unknown> }): Promise<void>;
}

interface TargetRow {
  channel: Channel; external_message_id: string; kind: 'direct' | 'comment'; sender_id: string;
  comment_id: string | null; post_id: string | null; auto_answer: boolean; policy_reason: string | null;
  private_reply_id: string | null; sent_at: Date; last_direct_at: Date | null;
}

export class DbSocialStore extends DbOutboundStore implements SocialOutboundStore {
  constructor(db: Db, channel: Channel) {
    super(db, channel);
  }

  async replyTarget(customerId: string): Promise<ReplyTarget | undefined> {
    // Through the customer's identities, so a linked identity's messages count as theirs.
    const { rows } = await this.db.query<TargetRow>(
      `WITH mine AS (
         SELECT s.* FROM social_inbound s
           JOIN customer_identities ci ON ci.channel = s.channel AND ci.external_id = s.sender_id
          WHERE ci.customer_id = $1 AND s.channel = $2)
       SELECT *, (SELECT max(sent_at) FROM mine WHERE kind = 'direct') AS last_direct_at
         FROM mine ORDER BY sent_at DESC, received_at DESC LIMIT 1`,
      [customerId, this.channel],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      channel: r.channel, externalMessageId: r.external_message_id, kind: r.kind, senderId: r.sender_id,
      commentId: r.comment_id ?? undefined, postId: r.post_id ?? undefined, autoAnswer: r.auto_answer,
      policyReason: r.policy_reason ?? undefined, privateReplyId: r.private_reply_id ?? undefined, sentAt: r.sent_at,
      lastDirectAt: r.last_direct_at ?? undefined,
    };
  }

  async recordPrivateReply(target: ReplyTarget, providerMessageId: string, recipientId?: string): Promise<void> {
    await this.db.query(
      'UPDATE social_inbound SET private_reply_id = $3 WHERE channel = $1 AND external_message_id = $2',
      [this.channel, target.externalMessageId, providerMessageId],
    );
    if (recipientId && recipientId !== target.senderId) {
      // The platform named the commenter's messaging id (Facebook: their PSID): the same person, on its word.
      await this.db.query(
        `INSERT INTO customer_identities (channel, external_id, customer_id)
           SELECT channel, $3, customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2
         ON CONFLICT DO NOTHING`,
        [this.channel, target.senderId, recipientId],
      );
    }
  }

  async recordIssueNote(note: { issueId: string; messageId: string; type: string; data: Record<string, unknown> }): Promise<void> {
    // A deterministic id: a retried delivery records it once (workflow event ids are "<issue>:<seq>").
    await this.db.query(
      `INSERT INTO issue_events (id, issue_id, type, data, created_at)
       VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id) DO NOTHING`,
      [`${note.messageId}:${note.type}`, note.issueId, note.type, JSON.stringify({ messageId: note.messageId, ...note.data })],
    );
  }
}
