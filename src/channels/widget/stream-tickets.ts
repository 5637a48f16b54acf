import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../db/credentials';
import type { Db } from '../../db/pool';

/** How long a ticket may wait before it opens its stream. */
export const STREAM_TICKET_TTL_S = 60;

/**
 * A single-use ticket that opens one Server-Sent Events stream. EventSource cannot send an Authorization
 * header, and a visitor token in a URL ends up in access logs and proxies; a ticket there is worthless once used
 * or a minute old. Kept hashed in the database, so any gateway replica can take it.
 */
export async function issueStreamTicket(db: Db, visitorId: string): Promise<{ ticket: string; expiresInSeconds: number }> {
  const ticket = randomBytes(24).toString('base64url');
  await db.query('DELETE FROM widget_stream_tickets WHERE expires_at < now()');
  await db.query(
    `INSERT INTO widget_stream_tickets (ticket_hash, visitor_id, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [hashSecret(ticket), visitorId, STREAM_TICKET_TTL_S],
  );
  return { ticket, expiresInSeconds: STREAM_TICKET_TTL_S };
}

/** The visitor the ticket was issued to, once; undefined for a used, expired or unknown ticket. */
export async function takeStreamTicket(db: Db, ticket: string): Promise<string | undefined> {
  const { rows } = await db.query<{ visitor_id: string }>(
    'DELETE FROM widget_stream_tickets WHERE ticket_hash = $1 RETURNING visitor_id, expires_at > now() AS live',
    [hashSecret(ticket)],
  );
  const row = rows[0] as { visitor_id: string; live?: boolean } | undefined;
  return row?.live ? row.visitor_id : undefined;
}
