import type { Logger } from '../../observability/logger';
import type { Db } from '../../db/pool';
import type { MetaGraphApi } from './graph-api';
import type { MetaPlatform } from './sender';

/** Short: the webhook waits for it, and Meta wants its answer within seconds. */
const PROFILE_TIMEOUT_MS = 2_000;

/**
 * Messenger and Instagram messages carry only the sender's id. At their first message the name is asked from
 * their profile, where Meta permits it; without permission, or when Meta is slow, the customer stays unnamed and
 * the message goes on (a name is a nicety, never a reason to lose or delay a message for long).
 */
export class ProfileNames {
  constructor(private readonly db: Db, private readonly api: MetaGraphApi, private readonly log: Logger) {}

  async nameOfNewcomer(platform: MetaPlatform, personId: string): Promise<string | undefined> {
    const { rows } = await this.db.query(
      'SELECT 1 FROM customer_identities WHERE channel = $1 AND external_id = $2', [platform, personId]);
    if (rows.length > 0) return undefined;
    try {
      return await this.api.profileName(platform, personId, PROFILE_TIMEOUT_MS);
    } catch (error) {
      this.log.debug({ platform, reason: (error as Error).message }, 'meta profile name not available');
      return undefined;
    }
  }
}
