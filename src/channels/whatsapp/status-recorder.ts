import type { Db } from '../../db/pool';
import type { WhatsAppStatus } from './webhook-schema';

export interface RecordedStatus {
  /** our message, when the wamid is one we sent */
  messageId?: string;
  issueId?: string;
  /** false for a repeat of a status already recorded */
  isNew: boolean;
}

function failureText(status: WhatsAppStatus): string {
  const reasons = (status.errors ?? []).map((e) =>
    [`${e.code}`, e.title ?? e.message, e.error_data?.details].filter(Boolean).join(' '));
  return `WhatsApp reported the message as failed${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
}

/**
 * Keeps what WhatsApp reports about our messages (sent, delivered, read, failed) in channel_delivery_statuses.
 * A `failed` one is also written on the message (delivery_error) and as a `delivery_failed` issue event, so the
 * operator sees that the customer did not get it. Every write is idempotent: Meta re-sends webhooks.
 */
export async function recordWhatsAppStatus(db: Db, status: WhatsAppStatus): Promise<RecordedStatus> {
  const occurredAt = new Date(Number(status.timestamp) * 1000);
  const inserted = await db.query(
    `INSERT INTO channel_delivery_statuses (channel, provider_message_id, status, recipient, errors, occurred_at)
     VALUES ('whatsapp', $1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [status.id, status.status, status.recipient_id ?? null, status.errors ? JSON.stringify(status.errors) : null, occurredAt],
  );
  const { rows } = await db.query<{ message_id: string; issue_id: string | null }>(
    `SELECT message_id, issue_id FROM channel_outbound_parts WHERE channel = 'whatsapp' AND provider_message_id = $1`,
    [status.id],
  );
  const ours = rows[0];
  if (ours && status.status === 'failed') {
    const reason = failureText(status);
    await db.query('UPDATE messages SET delivery_error = $2 WHERE id = $1', [ours.message_id, reason]);
    if (ours.issue_id) {
      await db.query(
        `INSERT INTO issue_events (id, issue_id, type, data, created_at)
         VALUES ($1, $2, 'delivery_failed', $3, $4) ON CONFLICT (id) DO NOTHING`,
        [`whatsapp-status:${status.id}:failed`, ours.issue_id, JSON.stringify({
          channel: 'whatsapp', messageId: ours.message_id, providerMessageId: status.id, error: reason,
          errors: status.errors ?? [],
        }), occurredAt],
      );
    }
  }
  return { messageId: ours?.message_id, issueId: ours?.issue_id ?? undefined, isNew: (inserted.rowCount ?? 0) > 0 };
}
