import type { AppConfig } from '../config';
import type { Db } from '../db/pool';
import type { ChannelSenders } from '../channels/outbound';
import { channelSenders } from '../channels/registry';

/** The outbound side of every channel that is switched on. */
export function createChannelSenders(config: AppConfig, db: Db): ChannelSenders {
  return channelSenders(config.channels, db);
}
