import type { Channel } from '../domain/channel';
import type { Db } from '../db/pool';

export type PartKind = 'text' | 'template' | 'private_reply' | 'public_reply' | 'file';

/** An operator's files are parts FILE_PARTS, FILE_PARTS + 1, ... of a message, after any number of text parts. */
export const FILE_PARTS = 1000;

/** What a messaging-channel sender needs from the database; an interface so senders are testable alone. */
export interface OutboundStore {
  /** The customer's id on this channel (Telegram user id = private chat id, WhatsApp wa_id), most recent first. */
  recipientOf(customerId: string): Promise<string | undefined>;
  /** Parts of this message already sent (part number → what was sent), so a retry skips them. */
  sentParts(messageId: string): Promise<Map<number, PartKind>>;
  recordPart(part: { messageId: string; issueId: string; part: number; providerMessageId: string; kind: PartKind }): Promise<void>;
}

/**
 * Shared by the Telegram and WhatsApp senders (table channel_outbound_parts). A crash between sending a part
 * and recording it can still repeat that one part: delivery is at least once, never a whole resend.
 */
export class DbOutboundStore implements OutboundStore {
  constructor(protected readonly db: Db, protected readonly channel: Channel) {}

  async recipientOf(customerId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ external_id: string }>(
      `SELECT external_id FROM customer_identities WHERE customer_id = $1 AND channel = $2
        ORDER BY last_seen_at DESC LIMIT 1`,
      [customerId, this.channel],
    );
    return rows[0]?.external_id;
  }

  async sentParts(messageId: string): Promise<Map<number, PartKind>> {
    const { rows } = await this.db.query<{ part: number; kind: PartKind }>(
      'SELECT part, kind FROM channel_outbound_parts WHERE channel = $1 AND message_id = $2',
      [this.channel, messageId],
    );
    return new Map(rows.map((r) => [r.part, r.kind]));
  }

  async recordPart(p: { messageId: string; issueId: string; part: number; providerMessageId: string; kind: PartKind }): Promise<void> {
    await this.db.query(
      `INSERT INTO channel_outbound_parts (channel, message_id, part, provider_message_id, kind, issue_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [this.channel, p.messageId, p.part, p.providerMessageId, p.kind, p.issueId],
    );
  }
}
