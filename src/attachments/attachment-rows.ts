import type { Db } from '../db/pool';
import type { AttachmentRef } from '../domain/attachment';

/** One row of `attachments` (see migrations/1733700000100_attachments.sql). */
export interface AttachmentRow {
  id: string;
  customer_id: string | null;
  issue_id: string | null;
  direction: 'inbound' | 'outbound';
  channel: string | null;
  external_message_id: string | null;
  message_id: string | null;
  ordinal: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
}

export const refOfRow = (r: AttachmentRow): AttachmentRef => ({ id: r.id, name: r.file_name, contentType: r.content_type, size: r.size_bytes });

export type NewAttachmentRow = Omit<AttachmentRow, 'message_id' | 'external_message_id' | 'channel' | 'customer_id' | 'issue_id'>
  & Partial<Pick<AttachmentRow, 'message_id' | 'external_message_id' | 'channel' | 'customer_id' | 'issue_id'>> & { uploaded_by?: string };

/** Inserts a row; an inbound file stored before (a re-delivery) keeps its first row and undefined comes back. */
export async function insertAttachment(db: Db, row: NewAttachmentRow): Promise<AttachmentRow | undefined> {
  const { rows } = await db.query<AttachmentRow>(
    `INSERT INTO attachments (id, customer_id, issue_id, direction, channel, external_message_id, message_id, ordinal,
       file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (customer_id, channel, external_message_id, ordinal) WHERE direction = 'inbound' DO NOTHING
     RETURNING *`,
    [row.id, row.customer_id ?? null, row.issue_id ?? null, row.direction, row.channel ?? null, row.external_message_id ?? null,
      row.message_id ?? null, row.ordinal, row.file_name, row.content_type, row.size_bytes, row.sha256, row.storage_key,
      row.uploaded_by ?? null],
  );
  return rows[0];
}

export async function findAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  const { rows } = await db.query<AttachmentRow>('SELECT * FROM attachments WHERE id = $1', [id]);
  return rows[0];
}

export async function inboundAttachmentsOf(db: Db, customerId: string, channel: string, externalMessageId: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT * FROM attachments WHERE direction = 'inbound' AND customer_id = $1 AND channel = $2 AND external_message_id = $3
     ORDER BY ordinal`, [customerId, channel, externalMessageId],
  );
  return rows;
}

/** The files of messages, by message: inbound ones by (channel, external id), outbound ones by message id. */
export async function attachmentsOfMessages(
  db: Db, customerId: string,
  messages: { id: string; direction: string; channel: string; externalMessageId?: string | null }[],
): Promise<Map<string, AttachmentRow[]>> {
  const inbound = messages.filter((m) => m.direction === 'inbound' && m.externalMessageId);
  const outbound = messages.filter((m) => m.direction === 'outbound');
  const found = new Map<string, AttachmentRow[]>();
  if (inbound.length === 0 && outbound.length === 0) return found;
  const { rows } = await db.query<AttachmentRow>(
    `SELECT * FROM attachments
     WHERE (direction = 'inbound' AND customer_id = $1 AND (channel || ' ' || external_message_id) = ANY($2::text[]))
        OR (direction = 'outbound' AND customer_id = $1 AND message_id = ANY($3::text[]))
     ORDER BY ordinal, created_at`,
    [customerId, inbound.map((m) => `${m.channel} ${m.externalMessageId}`), outbound.map((m) => m.id)],
  );
  for (const m of messages) {
    const mine = rows.filter((r) => (m.direction === 'inbound'
      ? r.direction === 'inbound' && r.channel === m.channel && r.external_message_id === m.externalMessageId
      : r.direction === 'outbound' && r.message_id === m.id));
    if (mine.length > 0) found.set(m.id, mine);
  }
  return found;
}

/** Records which issue an inbound message's files went to, once the workflow accepted it. */
export async function setInboundIssue(db: Db, customerId: string, channel: string, externalMessageId: string, issueId: string): Promise<void> {
  await db.query(
    `UPDATE attachments SET issue_id = $4 WHERE direction = 'inbound' AND customer_id = $1 AND channel = $2
       AND external_message_id = $3 AND issue_id IS DISTINCT FROM $4`,
    [customerId, channel, externalMessageId, issueId],
  );
}

/** An operator's uploads of an issue not yet sent with a reply. */
export async function unsentUploads(db: Db, issueId: string, ids: string[]): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT * FROM attachments WHERE id = ANY($2::uuid[]) AND issue_id = $1 AND direction = 'outbound' AND message_id IS NULL`,
    [issueId, ids],
  );
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is AttachmentRow => Boolean(r));
}

/** Ties uploads to the reply that carries them (idempotent: a retried reply ties them to the same message). */
export async function linkToMessage(db: Db, issueId: string, ids: string[], messageId: string): Promise<void> {
  await db.query(
    `UPDATE attachments SET message_id = $3 WHERE id = ANY($2::uuid[]) AND issue_id = $1 AND direction = 'outbound'
       AND (message_id IS NULL OR message_id = $3)`,
    [issueId, ids, messageId],
  );
}
