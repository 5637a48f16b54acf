import { Router } from 'express';
import { acceptInboundMessage } from '../../gateway/accept-inbound';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { rawBodyOf } from '../../gateway/raw-body';
import type { WhatsAppSettings } from './settings';
import { hubSignatureMatches, hubVerification } from '../hub-signature';
import { recordWhatsAppStatus } from './status-recorder';
import { messagesValueSchema, readMessagesValue, whatsAppWebhookSchema, type MessagesValue, type WhatsAppInboundText } from './webhook-schema';
import { WhatsAppGraphApi } from './graph-api';
import { nameForKind, takeRemoteFiles, type RemoteFile } from '../files/remote-files';
import { refuseFilesOnce } from '../files/file-refusal';

/**
 * GET /webhooks/whatsapp: Meta's one-time subscription check. POST /webhooks/whatsapp: customer messages and
 * the statuses of ours, signed with the app secret. A valid post is answered 200 as soon as its messages are
 * durably with Temporal (Meta re-sends anything else). A message's image, document, audio, video or sticker is
 * fetched (with the access token) and stored through the attachments intake; a file refused for its size or type is
 * said to the customer in the chat. Other message types (location, contacts, ...) are acknowledged and skipped.
 */
export function whatsAppRoutes(settings: WhatsAppSettings, deps: GatewayDependencies): Router {
  const router = Router();
  const log = deps.logger.child({ channel: 'whatsapp' });
  const count = (result: string) => deps.metrics.inboundMessages.inc({ channel: 'whatsapp', result });
  const graph = new WhatsAppGraphApi(settings);
  const mediaOf = (text: WhatsAppInboundText): RemoteFile[] => (text.media ? [{
    name: text.media.filename || nameForKind(text.media.kind, text.media.mimeType),
    fetch: async (maxBytes) => (await graph.downloadMedia(text.media!.id, maxBytes)).bytes,
  }] : []);

  router.get('/', hubVerification(settings.verifyToken, 'WHATSAPP_VERIFY_TOKEN', () => log.info('whatsapp webhook verified')));

  router.post('/', async (req, res) => {
    if (!hubSignatureMatches(settings.appSecret, rawBodyOf(req), req.headers['x-hub-signature-256'])) {
      count('unauthorized');
      throw new HttpError(401, 'unauthorized', 'missing or wrong X-Hub-Signature-256');
    }
    // Everything is validated before anything is acted on, so a bad post changes nothing.
    let values: MessagesValue[];
    try {
      const body = parseWith(whatsAppWebhookSchema, req.body, 'WhatsApp webhook');
      values = body.entry.flatMap((e) => e.changes)
        .filter((c) => c.field === 'messages')
        .map((c) => parseWith(messagesValueSchema, c.value, 'WhatsApp messages change'));
    } catch (error) {
      count('rejected');
      throw error;
    }
    for (const value of values) {
      if (value.metadata.phone_number_id !== settings.phoneNumberId) {
        log.info({ phoneNumberId: value.metadata.phone_number_id }, 'whatsapp change for another phone number ignored');
        continue;
      }
      const { texts, ignored, statuses } = readMessagesValue(value);
      for (const text of texts) {
        const taken = await takeRemoteFiles(deps.attachments, mediaOf(text), 'WhatsApp',
          (name, error) => log.warn({ wamid: text.externalMessageId, file: name, err: (error as Error).message }, 'whatsapp media not fetched'));
        const now = new Date();
        const { issueId, customerId } = await acceptInboundMessage(deps, {
          identity: { channel: 'whatsapp', externalId: text.waId, name: text.name, phone: `+${text.waId}` },
          externalMessageId: text.externalMessageId,
          text: [text.text, ...taken.notes].filter(Boolean).join('\n'),
          files: taken.files,
          // when the customer wrote (the 24-hour window counts from it), unless their clock is ahead of ours
          receivedAt: text.sentAt < now ? text.sentAt : now,
        });
        await refuseFilesOnce(deps, {
          channel: 'whatsapp', externalMessageId: text.externalMessageId, issueId, customerId, text: text.text, refused: taken.refused,
          send: (body) => graph.sendMessage(text.waId, { type: 'text', text: { body } }),
        });
        log.info({ wamid: text.externalMessageId, issueId, files: taken.files.length, refused: taken.refused.length }, 'whatsapp message accepted');
      }
      for (const skipped of ignored) {
        count('ignored');
        log.info({ wamid: skipped.externalMessageId, reason: skipped.reason }, 'whatsapp message ignored');
      }
      for (const status of statuses) {
        const recorded = await recordWhatsAppStatus(deps.db, status);
        const fields = { wamid: status.id, status: status.status, messageId: recorded.messageId, issueId: recorded.issueId };
        if (status.status === 'failed') log.warn({ ...fields, errors: status.errors }, 'whatsapp reports a failed delivery');
        else log.debug(fields, 'whatsapp delivery status');
      }
    }
    res.status(200).json({});
  });

  return router;
}
