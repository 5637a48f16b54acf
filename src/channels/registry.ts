import type { ChannelSenders } from './outbound';
import type { ActiveChannel, ChannelModule } from './channel-module';
import type { Db } from '../db/pool';
import { apiChannelModule } from './api-channel-module';
import { emailChannelModule } from './email/module';
import { facebookModule, instagramModule } from './meta/module';
import { telegramModule } from './telegram/module';
import { vkModule } from './vk/module';
import { whatsAppModule } from './whatsapp/module';
import { widgetChannelModule } from './widget/module';

/** Every channel the platform knows. A channel module adds itself here (one import, one entry). */
export const CHANNEL_MODULES: ChannelModule<any>[] = [
  apiChannelModule,
  emailChannelModule,
  facebookModule,
  instagramModule,
  telegramModule,
  vkModule,
  whatsAppModule,
  widgetChannelModule,
];

/** The channels whose settings are present, validated (throws ConfigError on partial or bad settings). */
export function activeChannels(env: NodeJS.ProcessEnv): ActiveChannel[] {
  const active: ActiveChannel[] = [];
  for (const module of CHANNEL_MODULES) {
    const settings = module.loadSettings(env);
    if (settings !== undefined) active.push({ module, settings });
  }
  return active;
}

export function channelSenders(channels: ActiveChannel[], db: Db): ChannelSenders {
  const senders: ChannelSenders = {};
  for (const { module, settings } of channels) {
    if (module.sender) senders[module.channel] = module.sender(settings, db);
  }
  return senders;
}
