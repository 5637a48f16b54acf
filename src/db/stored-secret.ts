import { randomBytes } from 'node:crypto';
import type { Db } from './pool';

/**
 * An HMAC key generated once and kept in channel_secrets, so signatures survive restarts and every gateway and
 * worker on the same database agrees on it. The first process to insert wins; the others read its key.
 */
export async function loadOrCreateStoredSecret(db: Db, channel: string, name: string): Promise<string> {
  await db.query(
    `INSERT INTO channel_secrets (channel, name, secret) VALUES ($1, $2, $3) ON CONFLICT (channel, name) DO NOTHING`,
    [channel, name, randomBytes(32).toString('base64url')],
  );
  const { rows } = await db.query<{ secret: string }>(
    'SELECT secret FROM channel_secrets WHERE channel = $1 AND name = $2', [channel, name],
  );
  if (!rows[0]) throw new Error(`${channel} ${name} secret missing after insert`);
  return rows[0].secret;
}
