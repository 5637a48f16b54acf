import type { ChannelModule } from '../channel-module';
import type { CommentModerator } from '../social/comment-moderation';
import { DbSocialStore } from '../social/social-store';
import { MetaGraphApi } from './graph-api';
import { metaRoutes } from './inbound-routes';
import { MetaSender } from './sender';
import { loadMetaSettings, type MetaSettings } from './settings';

/**
 * Facebook (Messenger and page comments) and Instagram (Direct and comments) through one Meta app: one webhook,
 * GET/POST /webhooks/meta (mounted by the Facebook module), and a sender per channel. On with META_PAGE_ACCESS_TOKEN.
 */
export const facebookModule: ChannelModule<MetaSettings> = {
  channel: 'facebook',
  loadSettings: loadMetaSettings,
  describe: (s) => `webhook GET/POST /webhooks/meta (Messenger, page comments; comment policy ${s.commentPolicy}), replies via ${s.graphBaseUrl}`,
  mountPath: '/webhooks/meta',
  routes: metaRoutes,
  sender: (s, db) => new MetaSender('facebook', new MetaGraphApi(s), new DbSocialStore(db, 'facebook')),
  commentModerator: (s) => metaModerator('facebook', new MetaGraphApi(s)),
};

export const instagramModule: ChannelModule<MetaSettings> = {
  channel: 'instagram',
  loadSettings: loadMetaSettings,
  describe: () => 'Instagram Direct and comments through the same webhook, /webhooks/meta',
  sender: (s, db) => new MetaSender('instagram', new MetaGraphApi(s), new DbSocialStore(db, 'instagram')),
  commentModerator: (s) => metaModerator('instagram', new MetaGraphApi(s)),
};

function metaModerator(platform: 'facebook' | 'instagram', api: MetaGraphApi): CommentModerator {
  return { how: 'hide', setHidden: (comment, hidden) => api.setCommentHidden(platform, comment.commentId, hidden) };
}
