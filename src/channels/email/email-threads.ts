import type { Db } from '../../db/pool';
import type { InboundEmail } from './parse-inbound';
import { outboundMessageId } from './threading';

/** Remembers an inbound mail's threading facts before it is handed to the workflow (idempotent). */
export async function recordInboundEmail(db: Db, mail: InboundEmail): Promise<void> {
  await db.query(
    `INSERT INTO email_inbound_messages (external_message_id, message_id_header, from_address, subject, reference_ids)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (external_message_id, from_address) DO NOTHING`,
    [mail.externalMessageId, mail.messageIdHeader ?? null, mail.fromAddress, mail.subject ?? null, mail.references],
  );
}

export interface ReplyThread {
  /** where the reply goes: the address the customer last wrote from */
  toAddress: string;
  subject?: string;
  /** the Message-ID of the mail we answer (absent when it had none) */
  inReplyTo?: string;
  parentReferences: string[];
  /** this issue's e-mail ids in order: the customer's Message-IDs and our delivered replies' */
  conversation: string[];
}

/**
 * The thread a reply belongs to: the customer's latest inbound e-mail, preferring this issue's (a reply of a
 * new issue still goes to where the customer wrote from last). Undefined when the customer never e-mailed.
 */
export async function findReplyThread(
  db: Db, reply: { issueId: string; customerId: string }, supportAddress: string,
): Promise<ReplyThread | undefined> {
  const { rows } = await db.query<{
    message_id_header: string | null; from_address: string; subject: string | null; reference_ids: string[];
  }>(
    `SELECT e.message_id_header, e.from_address, e.subject, e.reference_ids
       FROM messages m
       JOIN email_inbound_messages e ON e.external_message_id = m.external_message_id
       JOIN customer_identities ci ON ci.channel = 'email' AND ci.external_id = e.from_address
                                  AND ci.customer_id = m.customer_id
      WHERE m.customer_id = $2 AND m.direction = 'inbound' AND m.channel = 'email'
      ORDER BY (m.issue_id = $1) DESC, m.created_at DESC, m.id DESC
      LIMIT 1`,
    [reply.issueId, reply.customerId],
  );
  const latest = rows[0];
  if (!latest) return undefined;
  const { rows: conversation } = await db.query<{ id: string; direction: string; message_id_header: string | null }>(
    `SELECT m.id, m.direction, e.message_id_header
       FROM messages m
       LEFT JOIN email_inbound_messages e ON e.external_message_id = m.external_message_id
        AND e.from_address IN (SELECT external_id FROM customer_identities WHERE channel = 'email' AND customer_id = m.customer_id)
      WHERE m.issue_id = $1 AND m.channel = 'email'
        AND (m.direction = 'inbound' OR m.delivered_at IS NOT NULL)
      ORDER BY m.created_at, m.id`,
    [reply.issueId],
  );
  return {
    toAddress: latest.from_address,
    subject: latest.subject ?? undefined,
    inReplyTo: latest.message_id_header ?? undefined,
    parentReferences: latest.reference_ids,
    conversation: conversation
      .map((m) => (m.direction === 'inbound' ? m.message_id_header : outboundMessageId(m.id, supportAddress)))
      .filter((id): id is string => Boolean(id)),
  };
}

/** The customer's e-mail address when no inbound e-mail is on record (e.g. an identity linked by an operator). */
export async function findCustomerEmailAddress(db: Db, customerId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ external_id: string }>(
    `SELECT external_id FROM customer_identities WHERE customer_id = $1 AND channel = 'email'
      ORDER BY last_seen_at DESC LIMIT 1`,
    [customerId],
  );
  return rows[0]?.external_id;
}
