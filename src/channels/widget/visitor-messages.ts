import type { CustomerMessageRow } from '../../db/issue-queries';
import type { Db } from '../../db/pool';
import { issueLanguageSql, ratingLanguageOf, type RatingLanguage } from '../../csat/customer-language';
import { findCustomerByIdentity } from '../../db/customers';
import { attachmentsOfMessages } from '../../attachments/attachment-rows';
import type { Attachments, LinkedAttachment } from '../../attachments/attachments';

/** A message as the widget shows it (both directions). */
export interface VisitorMessage {
  id: string;
  issueId: string;
  direction: 'inbound' | 'outbound';
  author: string;
  text: string;
  createdAt: string;
  /** the CSAT question or its reminder: the widget shows stars under it */
  kind?: string;
  /** with a `kind`: the issue's language, which the widget's stars and thanks speak */
  language?: RatingLanguage;
  /** the widget's own message id, for the visitor's messages: lets the page match its optimistic bubble */
  clientMessageId?: string;
  /** files, with signed links (relative to the gateway) */
  attachments?: LinkedAttachment[];
}

/** The visitor's messages with their files and fresh signed links. */
export async function withVisitorAttachments(
  db: Db, attachments: Attachments, visitorId: string, messages: VisitorMessage[],
): Promise<VisitorMessage[]> {
  const customerId = messages.length > 0 ? await findCustomerByIdentity(db, 'widget', visitorId) : undefined;
  const files = customerId
    // the visitor's own files by the widget's message id, the operators' by the reply's id
    ? await attachmentsOfMessages(db, customerId, messages.map((m) => ({
      id: m.id, direction: m.direction, channel: 'widget', externalMessageId: m.clientMessageId,
    })))
    : new Map();
  return Promise.all(messages.map(async (m) => (
    files.has(m.id) ? { ...m, attachments: await attachments.withLinks(files.get(m.id)!) } : m
  )));
}

type Row = Omit<CustomerMessageRow, 'delivered_at'> & { language?: string | null };

function toVisitorMessage(r: Row): VisitorMessage {
  return {
    id: r.id, issueId: r.issue_id, direction: r.direction, author: r.author, text: r.body,
    createdAt: r.created_at.toISOString(),
    ...(r.kind ? { kind: r.kind, language: ratingLanguageOf(r.language) ?? 'en' } : {}),
    ...(r.direction === 'inbound' && r.channel === 'widget' && r.external_message_id
      ? { clientMessageId: r.external_message_id } : {}),
  };
}

// The identity is joined on every query (not resolved once) because an identity can be linked to another
// customer later; both sides are indexed: customer_identities' primary key and messages (customer_id, created_at).
const FROM_VISITOR = `FROM messages m
  JOIN customer_identities ci ON ci.customer_id = m.customer_id
 WHERE ci.channel = 'widget' AND ci.external_id = $1`;
// the issue's language only for the CSAT messages (the rest need none)
const COLUMNS = 'm.id, m.issue_id, m.direction, m.author, m.channel, m.body, m.external_message_id, m.created_at, m.kind, '
  + `CASE WHEN m.kind IS NOT NULL THEN ${issueLanguageSql('m.issue_id')} END AS language`;

/** The visitor's latest `limit` messages, oldest first. Empty for a visitor who has not written yet. */
export async function latestVisitorMessages(db: Db, visitorId: string, limit: number): Promise<VisitorMessage[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM (SELECT ${COLUMNS} ${FROM_VISITOR} ORDER BY m.created_at DESC, m.id DESC LIMIT $2) latest
      ORDER BY created_at, id`,
    [visitorId, limit],
  );
  return rows.map(toVisitorMessage);
}

/** Messages created after `since` (inclusive window start), oldest first. */
export async function visitorMessagesSince(db: Db, visitorId: string, since: Date, limit: number): Promise<VisitorMessage[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} ${FROM_VISITOR} AND m.created_at >= $2 ORDER BY m.created_at, m.id LIMIT $3`,
    [visitorId, since, limit],
  );
  return rows.map(toVisitorMessage);
}

/** The creation time of one of the visitor's messages (the resume point of a stream), if it is theirs. */
export async function visitorMessageTime(db: Db, visitorId: string, messageId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ created_at: Date }>(
    `SELECT m.created_at ${FROM_VISITOR} AND m.id = $2`, [visitorId, messageId],
  );
  return rows[0]?.created_at;
}
