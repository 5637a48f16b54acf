import { z } from 'zod';
import { ConfigError } from '../../config-error';
import { loadCommentPolicy, type CommentPolicy } from '../social/comment-policy';

export interface MetaSettings {
  /** the app secret: key of X-Hub-Signature-256 */
  appSecret: string;
  /** what Meta echoes in hub.verify_token when the webhook is registered */
  verifyToken: string;
  /** the Facebook page's access token (the page the Instagram professional account is linked to) */
  pageAccessToken: string;
  /** Graph API base including the version, without a trailing slash */
  graphBaseUrl: string;
  commentPolicy: CommentPolicy;
}

export const DEFAULT_META_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

/** On when META_PAGE_ACCESS_TOKEN is set; then the app secret and verify token are required. */
export function loadMetaSettings(env: NodeJS.ProcessEnv): MetaSettings | undefined {
  const pageAccessToken = env.META_PAGE_ACCESS_TOKEN?.trim();
  if (!pageAccessToken) return undefined;
  const missing = ['META_APP_SECRET', 'META_VERIFY_TOKEN'].filter((k) => !env[k]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(`META_PAGE_ACCESS_TOKEN is set, so ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required too`);
  }
  const graphBaseUrl = env.META_GRAPH_BASE_URL?.trim() || DEFAULT_META_GRAPH_BASE_URL;
  if (!z.url({ protocol: /^https?$/ }).safeParse(graphBaseUrl).success) {
    throw new ConfigError('META_GRAPH_BASE_URL is not an http(s) URL');
  }
  return {
    appSecret: env.META_APP_SECRET!.trim(),
    verifyToken: env.META_VERIFY_TOKEN!.trim(),
    pageAccessToken,
    graphBaseUrl: graphBaseUrl.replace(/\/+$/, ''),
    commentPolicy: loadCommentPolicy(env),
  };
}
