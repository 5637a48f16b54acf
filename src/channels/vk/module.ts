import { z } from 'zod';
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
  // VK has no hiding: the community deletes a comment on its wall, and may restore it later
  commentModerator: (s) => ({
    how: 'delete',
    async setHidden(comment, hidden) {
      await new VkApi(s).call(hidden ? 'wall.deleteComment' : 'wall.restoreComment',
        { owner_id: -s.groupId, comment_id: comment.commentId }, z.literal(1));
    },
  }),
};
