import type { Db } from '../../db/pool';
import { loadOrCreateStoredSecret } from '../../db/stored-secret';

/** The visitor-token HMAC key when WIDGET_TOKEN_SECRET is not set (stored once, shared by every instance). */
export function loadOrCreateTokenSecret(db: Db): Promise<string> {
  return loadOrCreateStoredSecret(db, 'widget', 'visitor_token');
}
