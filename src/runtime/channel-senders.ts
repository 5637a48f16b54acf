import type { AppConfig } from '../config';
import type { Db } from '../db/pool';
import { ApiChannelSender } from '../channels/api-channel';
import type { ChannelSenders } from '../channels/outbound';

/** The outbound side of every channel that is switched on. */
export function createChannelSenders(config: AppConfig, db: Db): ChannelSenders {
  return { api: new ApiChannelSender(db, config.apiChannelWebhook) };
}
