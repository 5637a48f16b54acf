import { Router } from 'express';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { rawBodyOf } from '../../gateway/raw-body';
import { hubSignatureMatches, hubVerification } from '../hub-signature';
import { acceptSocialEvent } from '../social/accept-social';
import { recordCommentVisibility } from '../social/comment-moderation';
import { NewcomerNames, PROFILE_TIMEOUT_MS } from '../social/newcomer-names';
import { MetaGraphApi } from './graph-api';
import type { MetaPlatform } from './sender';
import type { MetaSettings } from './settings';
import { metaWebhookSchema, readMetaWebhook, type ReadResult } from './webhook-schema';

/**
 * GET /webhooks/meta: Meta's subscription check. POST /webhooks/meta: Messenger and Instagram Direct messages,
 * Facebook page comments (`feed`) and Instagram comments, signed with the app secret. The whole post is validated
 * before anything is acted on; it is answered 200 once every event in it is recorded and durably with Temporal
 * (Meta re-sends anything else, and a re-delivery changes nothing).
 */
export function metaRoutes(settings: MetaSettings, deps: GatewayDependencies): Router {
  const router = Router();
  const log = deps.logger.child({ channel: 'meta' });
  const graph = new MetaGraphApi(settings);
  const names = new NewcomerNames(deps.db, (channel, id) => graph.profileName(channel as MetaPlatform, id, PROFILE_TIMEOUT_MS), log);

  router.get('/', hubVerification(settings.verifyToken, 'META_VERIFY_TOKEN', () => log.info('meta webhook verified')));

  router.post('/', async (req, res) => {
    const object = typeof req.body?.object === 'string' && req.body.object === 'instagram' ? 'instagram' : 'facebook';
    const count = (result: string) => deps.metrics.inboundMessages.inc({ channel: object, result });
    if (!hubSignatureMatches(settings.appSecret, rawBodyOf(req), req.headers['x-hub-signature-256'])) {
      count('unauthorized');
      throw new HttpError(401, 'unauthorized', 'missing or wrong X-Hub-Signature-256');
    }
    let read: ReadResult;
    try {
      read = readMetaWebhook(parseWith(metaWebhookSchema, req.body, 'Meta webhook'));
    } catch (error) {
      count('rejected');
      throw error;
    }
    for (const event of read.events) {
      if (event.kind === 'direct' && !event.name) event.name = await names.nameOf(event.channel, event.senderId);
      // a refused file is said to the person in the same conversation, as a reply within the standard window
      const replyNow = event.kind === 'direct'
        ? async (text: string) => (await graph.sendMessage({ recipient: { id: event.senderId }, messaging_type: 'RESPONSE', message: { text } })).messageId
        : undefined;
      const { issueId } = await acceptSocialEvent(deps, event, settings.commentPolicy, replyNow);
      log.info({ channel: event.channel, kind: event.kind, externalMessageId: event.externalMessageId, issueId }, 'meta event accepted');
    }
    for (const change of read.visibility) {
      // hidden on Facebook itself: on the issue too, so nothing is hidden where operators cannot see it
      const recorded = await recordCommentVisibility(deps.db, change, change.hidden, 'hide', 'platform');
      log.info({ channel: change.channel, hidden: change.hidden, recorded }, 'meta comment visibility changed');
    }
    for (const reason of read.skipped) {
      count('ignored');
      log.debug({ reason }, 'meta webhook item skipped');
    }
    res.status(200).json({});
  });

  return router;
}
