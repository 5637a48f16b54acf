import { z } from 'zod';
import { ConfigError } from '../../config-error';
import { loadCommentPolicy, type CommentPolicy } from '../social/comment-policy';

export interface VkSettings {
  /** the community's id (positive) */
  groupId: number;
  /** the string the Callback API server must answer to the `confirmation` event */
  confirmationCode: string;
  /** the Callback API secret key, sent by VK in every event */
  secret: string;
  /** a community access token with the `messages` and `wall` rights */
  accessToken: string;
  /** without a trailing slash, e.g. https://api.vk.com/method */
  apiBaseUrl: string;
  commentPolicy: CommentPolicy;
}

export const DEFAULT_VK_API_BASE_URL = 'https://api.vk.com/method';
/** The API version we speak (event objects and method answers are shaped by it). */
export const VK_API_VERSION = '5.199';

/** On when VK_ACCESS_TOKEN is set; then the group id, confirmation code and secret are required. */
export function loadVkSettings(env: NodeJS.ProcessEnv): VkSettings | undefined {
  const accessToken = env.VK_ACCESS_TOKEN?.trim();
  if (!accessToken) return undefined;
  const missing = ['VK_GROUP_ID', 'VK_CONFIRMATION_CODE', 'VK_SECRET'].filter((k) => !env[k]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(`VK_ACCESS_TOKEN is set, so ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required too`);
  }
  const groupId = env.VK_GROUP_ID!.trim();
  if (!/^[1-9]\d{0,11}$/.test(groupId)) throw new ConfigError('VK_GROUP_ID must be the community\'s numeric id (without a minus sign)');
  const secret = env.VK_SECRET!.trim();
  // VK's own rule for the secret key: up to 50 Latin letters and digits
  if (!/^[A-Za-z0-9]{1,50}$/.test(secret)) throw new ConfigError('VK_SECRET must be 1-50 Latin letters and digits (VK\'s rule for the secret key)');
  const apiBaseUrl = env.VK_API_BASE_URL?.trim() || DEFAULT_VK_API_BASE_URL;
  if (!z.url({ protocol: /^https?$/ }).safeParse(apiBaseUrl).success) throw new ConfigError('VK_API_BASE_URL is not an http(s) URL');
  return {
    groupId: Number(groupId),
    confirmationCode: env.VK_CONFIRMATION_CODE!.trim(),
    secret,
    accessToken,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    commentPolicy: loadCommentPolicy(env),
  };
}
