import type { Db } from '../../db/pool';
import { DbOutboundStore, type OutboundStore } from '../outbound-parts';

export interface WhatsAppOutboundStore extends OutboundStore {
  /** When the customer last wrote on WhatsApp (the start of the 24-hour window). */
  lastInboundAt(customerId: string): Promise<Date | undefined>;
  /** Records on the issue that a template went out instead of the message's text. */
  recordTemplateUsed(use: { issueId: string; messageId: string; template: string; lastInboundAt?: Date }): Promise<void>;
}

export class DbWhatsAppStore extends DbOutboundStore implements WhatsAppOutboundStore {
  constructor(db: Db) {
    super(db, 'whatsapp');
  }

  async lastInboundAt(customerId: string): Promise<Date | undefined> {
    const { rows } = await this.db.query<{ at: Date | null }>(
      `SELECT max(created_at) AS at FROM messages
        WHERE customer_id = $1 AND channel = 'whatsapp' AND direction = 'inbound'`,
      [customerId],
    );
    return rows[0]?.at ?? undefined;
  }

  async recordTemplateUsed(use: { issueId: string; messageId: string; template: string; lastInboundAt?: Date }): Promise<void> {
    // A deterministic id: a retried delivery records it once. Not a workflow event id (those are "<issue>:<seq>").
    await this.db.query(
      `INSERT INTO issue_events (id, issue_id, type, data, created_at)
       VALUES ($1, $2, 'whatsapp_template_sent', $3, now()) ON CONFLICT (id) DO NOTHING`,
      [`${use.messageId}:whatsapp-template`, use.issueId, JSON.stringify({
        messageId: use.messageId, template: use.template, lastInboundAt: use.lastInboundAt?.toISOString() ?? null,
        reason: 'the customer last wrote more than 24 hours ago',
      })],
    );
  }
}
