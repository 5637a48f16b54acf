import { Router } from 'express';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { secretsEqual } from '../hub-signature';
import { acceptSocialEvent } from '../social/accept-social';
import { recordCommentVisibility } from '../social/comment-moderation';
import { NewcomerNames, PROFILE_TIMEOUT_MS } from '../social/newcomer-names';
import { callbackSchema, readVkEvent } from './callback-schema';
import type { VkSettings } from './settings';
import { VkApi } from './vk-api';
import { vkUserName } from './user-name';
import { sendVkNow } from './send-now';

/**
 * POST /webhooks/vk: VK's Callback API. Every event must carry our group id and secret key (else 401/403 and
 * nothing changes). `confirmation` is answered with VK_CONFIRMATION_CODE; any other event with "ok" only once it is
 * recorded and durably with Temporal — VK re-sends an event that did not get "ok", and a re-delivery (same message
 * or comment id) changes nothing.
 */
export function vkRoutes(settings: VkSettings, deps: GatewayDependencies): Router {
  const router = Router();
  const log = deps.logger.child({ channel: 'vk' });
  const count = (result: string) => deps.metrics.inboundMessages.inc({ channel: 'vk', result });
  const api = new VkApi(settings, PROFILE_TIMEOUT_MS);
  const sendApi = new VkApi(settings);
  const names = new NewcomerNames(deps.db, (_channel, id) => vkUserName(api, id), log);

  router.post('/', async (req, res) => {
    let body;
    try {
      body = parseWith(callbackSchema, req.body, 'VK Callback API event');
    } catch (error) {
      count('rejected');
      throw error;
    }
    if (!secretsEqual(settings.secret, body.secret)) {
      count('unauthorized');
      throw new HttpError(401, 'unauthorized', 'missing or wrong secret (VK_SECRET, the Callback API secret key)');
    }
    if (body.group_id !== settings.groupId) {
      count('unauthorized');
      throw new HttpError(403, 'wrong_group', 'the event is for another community than VK_GROUP_ID');
    }
    if (body.type === 'confirmation') {
      log.info('vk callback server confirmed');
      res.status(200).type('text/plain').send(settings.confirmationCode);
      return;
    }
    let action;
    try {
      action = readVkEvent(body, settings.groupId, parseWith);
    } catch (error) {
      count('rejected');
      throw error;
    }
    if (action.kind === 'skipped') {
      count('ignored');
      log.debug({ eventId: body.event_id, reason: action.reason }, 'vk event skipped');
    } else if (action.kind === 'visibility') {
      // deleted or restored on VK itself: on the issue too
      const recorded = await recordCommentVisibility(deps.db, { channel: 'vk', commentId: action.commentId }, action.hidden, 'delete', 'platform');
      log.info({ eventId: body.event_id, hidden: action.hidden, recorded }, 'vk comment visibility changed');
    } else {
      action.event.name ??= await names.nameOf('vk', action.event.senderId);
      const event = action.event;
      const replyNow = event.kind === 'direct'
        ? (text: string) => sendVkNow(sendApi, event.senderId, text, event.externalMessageId)
        : undefined;
      const { issueId } = await acceptSocialEvent(deps, event, settings.commentPolicy, replyNow);
      log.info({ eventId: body.event_id, kind: action.event.kind, externalMessageId: action.event.externalMessageId, issueId }, 'vk event accepted');
    }
    res.status(200).type('text/plain').send('ok');
  });

  return router;
}
