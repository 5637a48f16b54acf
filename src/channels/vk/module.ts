import type { ChannelModule } from '../channel-module';
import { DbSocialStore } from '../social/social-store';
import { vkRoutes } from './inbound-routes';
import { VkSender } from './sender';
import { loadVkSettings, type VkSettings } from './settings';
import { VkApi } from './vk-api';

/** VK: Callback API POST /webhooks/vk in (messages, wall comments), messages.send and wall.createComment out. On with VK_ACCESS_TOKEN. */
export const vkModule: ChannelModule<VkSettings> = {
  channel: 'vk',
  loadSettings: loadVkSettings,
  describe: (s) => `Callback API POST /webhooks/vk for community ${s.groupId} (comment policy ${s.commentPolicy}), replies via ${s.apiBaseUrl}`,
  routes: vkRoutes,
  sender: (s, db) => new VkSender(s.groupId, new VkApi(s), new DbSocialStore(db, 'vk')),
};
