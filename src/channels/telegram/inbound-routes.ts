import { Router } from 'express';
import { acceptInboundMessage } from '../../gateway/accept-inbound';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { secretTokenMatches } from './secret-token';
import type { TelegramSettings } from './settings';
import { actionFor, telegramUpdateSchema, type TelegramFileRef } from './update-schema';
import { TelegramBotApi } from './bot-api';
import { downloadTelegramFile } from './file-download';
import { AttachmentRefused } from '../../attachments/file-types';
import type { InspectedUpload } from '../../attachments/attachments';
import { ratingNotice, ratingOfCallback } from './rating-buttons';
import { findCustomerByIdentity } from '../../db/customers';
import { recordRating } from '../../csat/record-rating';

export function startGreeting(firstName: string): string {
  return `Hi ${firstName}! Write your question here and our assistant will answer right away. `
    + 'If you would rather talk to a person, just say so.';
}

/**
 * POST /webhooks/telegram: Telegram's webhook. Only calls carrying our secret token are read. Every update
 * we do not handle is acknowledged with 200, because Telegram re-sends anything else for hours.
 */
export function telegramRoutes(settings: TelegramSettings, deps: GatewayDependencies): Router {
  const router = Router();
  const log = deps.logger.child({ channel: 'telegram' });

  router.post('/', async (req, res) => {
    if (!secretTokenMatches(settings.webhookSecret, req.headers['x-telegram-bot-api-secret-token'])) {
      deps.metrics.inboundMessages.inc({ channel: 'telegram', result: 'unauthorized' });
      throw new HttpError(401, 'unauthorized', 'missing or wrong X-Telegram-Bot-Api-Secret-Token');
    }
    let update;
    try {
      update = parseWith(telegramUpdateSchema, req.body, 'Telegram update');
    } catch (error) {
      deps.metrics.inboundMessages.inc({ channel: 'telegram', result: 'rejected' });
      throw error;
    }
    const action = actionFor(update);
    if (action.kind === 'ignored') {
      log.debug({ updateId: update.update_id, reason: action.reason }, 'telegram update ignored');
      deps.metrics.inboundMessages.inc({ channel: 'telegram', result: 'ignored' });
      res.status(200).json({});
      return;
    }
    if (action.kind === 'start') {
      // /start opens the chat: greet without starting an issue. The greeting rides on the webhook answer
      // (a Bot API method call in the response body), so no outbound call is made from the gateway.
      deps.metrics.inboundMessages.inc({ channel: 'telegram', result: 'greeted' });
      res.status(200).json({ method: 'sendMessage', chat_id: action.chatId, text: startGreeting(action.firstName) });
      return;
    }
    if (action.kind === 'button') {
      // answered in the webhook's reply (answerCallbackQuery), so the customer's button stops spinning at once
      const text = await ratingFromButton(deps, action.userId, action.data);
      deps.metrics.inboundMessages.inc({ channel: 'telegram', result: 'button' });
      res.status(200).json({ method: 'answerCallbackQuery', callback_query_id: action.callbackQueryId, text });
      return;
    }
    const { files, refused } = await telegramFiles(action.files ?? []);
    const notes = refused.map((r) => `[${r.fileName} was not accepted: ${r.message}]`);
    const { issueId } = await acceptInboundMessage(deps, {
      identity: { channel: 'telegram', externalId: action.userId, name: action.name },
      externalMessageId: action.externalMessageId,
      text: [action.text, ...notes].filter(Boolean).join('\n'),
      files,
    });
    log.info({ updateId: update.update_id, issueId, files: files.length, refused: refused.length }, 'telegram message accepted');
    // a refused file is said in the chat at once, on the webhook's answer (no outbound call from the gateway)
    res.status(200).json(refused.length === 0 ? {} : {
      method: 'sendMessage', chat_id: Number(action.userId),
      text: `Sorry, we could not take ${refused.map((r) => r.message).join('; ')}. Please send a smaller file, or a photo or PDF.`,
    });
  });

  const botApi = new TelegramBotApi(settings);
  /** The message's files, downloaded and checked; a file over the limit or of a type not taken is refused. */
  async function telegramFiles(refs: TelegramFileRef[]): Promise<{ files: InspectedUpload[]; refused: AttachmentRefused[] }> {
    const files: InspectedUpload[] = [];
    const refused: AttachmentRefused[] = [];
    for (const ref of refs) {
      try {
        const file = await downloadTelegramFile(botApi, settings, ref, deps.attachments.maxBytes);
        files.push(...(await deps.attachments.inspect([file])));
      } catch (error) {
        if (!(error instanceof AttachmentRefused)) throw error;
        refused.push(error);
      }
    }
    return { files, refused };
  }

  return router;
}

/** A CSAT button: the rating, for the customer this Telegram user is; what to tell them. */
async function ratingFromButton(deps: GatewayDependencies, userId: string, data: string | undefined): Promise<string | undefined> {
  const rating = ratingOfCallback(data);
  if (!rating) return undefined;
  const customerId = await findCustomerByIdentity(deps.db, 'telegram', userId);
  if (!customerId) return ratingNotice('refused');
  try {
    const result = await recordRating(deps, { ...rating, channel: 'telegram', customerId });
    return ratingNotice(result.outcome, result.score ?? rating.score);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) return ratingNotice('refused');
    throw error;
  }
}
