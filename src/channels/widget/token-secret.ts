import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/pool';

/**
 * The visitor-token HMAC key when WIDGET_TOKEN_SECRET is not set: generated once and stored in channel_secrets,
 * so tokens survive restarts and every gateway instance on the same database agrees on it. The first
 * instance to insert wins; the others read its key.
 */
export async function loadOrCreateTokenSecret(db: Db): Promise<string> {
  await db.query(
    `INSERT INTO channel_secrets (channel, name, secret) VALUES ('widget', 'visitor_token', $1)
     ON CONFLICT (channel, name) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const { rows } = await db.query<{ secret: string }>(
    `SELECT secret FROM channel_secrets WHERE channel = 'widget' AND name = 'visitor_token'`,
  );
  if (!rows[0]) throw new Error('widget token secret missing after insert');
  return rows[0].secret;
}
