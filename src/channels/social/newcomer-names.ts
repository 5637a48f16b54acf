import type { Db } from '../../db/pool';
import type { Channel } from '../../domain/channel';
import type { Logger } from '../../observability/logger';

/** Short: the webhook waits for it, and the platforms want their answer within seconds. */
export const PROFILE_TIMEOUT_MS = 2_000;

/**
 * Messenger, Instagram and VK messages carry only the sender's id. At their first message the name is asked from
 * their profile, where the platform permits it; without permission, or when the platform is slow, the customer
 * stays unnamed and the message goes on (a name is a nicety, never a reason to lose or hold back a message).
 */
export class NewcomerNames {
  constructor(
    private readonly db: Db,
    private readonly lookUp: (channel: Channel, personId: string) => Promise<string | undefined>,
    private readonly log: Logger,
  ) {}

  async nameOf(channel: Channel, personId: string): Promise<string | undefined> {
    const { rows } = await this.db.query(
      'SELECT 1 FROM customer_identities WHERE channel = $1 AND external_id = $2', [channel, personId]);
    if (rows.length > 0) return undefined;
    try {
      return await this.lookUp(channel, personId);
    } catch (error) {
      this.log.debug({ channel, reason: (error as Error).message }, 'profile name not available');
      return undefined;
    }
  }
}
