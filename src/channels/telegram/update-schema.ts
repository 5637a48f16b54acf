import { z } from 'zod';
import { normaliseText } from '../../domain/safe-text';

/** Telegram's own limits (Bot API): a longer text did not come from Telegram and is refused. */
export const TELEGRAM_MAX_TEXT_CHARS = 4_096;
export const TELEGRAM_MAX_CAPTION_CHARS = 1_024;

/** Free text from Telegram, NUL and other control characters removed (see src/domain/safe-text.ts). */
const telegramText = (max: number) => z.string().max(max).transform(normaliseText);

/**
 * The part of a Telegram Bot API `Update` the support bot reads. Unknown fields are allowed (Telegram adds
 * new ones often); only `update_id` is required, because every other kind of update (edited messages,
 * channel posts, reactions, ...) must be acknowledged, not refused: Telegram re-sends a refused update.
 */
const userSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: telegramText(256),
  last_name: telegramText(256).optional(),
  username: telegramText(256).optional(),
}).loose();

const messageSchema = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: z.object({ id: z.number().int(), type: z.string() }).loose(),
  from: userSchema.optional(),
  text: telegramText(TELEGRAM_MAX_TEXT_CHARS).optional(),
  // the text of a photo or a document
  caption: telegramText(TELEGRAM_MAX_CAPTION_CHARS).optional(),
  // a photo comes in several sizes, smallest first; a document is any other file
  photo: z.array(z.object({ file_id: z.string().min(1).max(512), file_size: z.number().int().optional() }).loose()).max(20).optional(),
  document: z.object({
    file_id: z.string().min(1).max(512), file_name: z.string().max(512).optional(), file_size: z.number().int().optional(),
  }).loose().optional(),
}).loose();

/** A press of an inline-keyboard button (the CSAT question's 1–5). */
const callbackQuerySchema = z.object({
  id: z.string().min(1).max(256),
  from: userSchema,
  data: z.string().max(64).optional(),
}).loose();

export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: messageSchema.optional(),
  callback_query: callbackQuerySchema.optional(),
}).loose();

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/** A file a Telegram message carries: its id for getFile, a name, the size Telegram reported. */
export interface TelegramFileRef {
  fileId: string;
  name: string;
  size?: number;
}

/** What the webhook does with one update. */
export type TelegramUpdateAction =
  | {
    kind: 'message';
    /** the Telegram user id, which is also the private chat id replies go to */
    userId: string;
    name?: string;
    /** the update id: a re-delivered update has the same one */
    externalMessageId: string;
    /** empty when the message is a file without a caption */
    text: string;
    /** the photo (its largest size) or document, to fetch with getFile (absent: a text message) */
    files?: TelegramFileRef[];
  }
  | { kind: 'start'; chatId: number; firstName: string }
  /** a button press: `data` says what it was (the CSAT buttons: src/channels/telegram/rating-buttons.ts) */
  | { kind: 'button'; callbackQueryId: string; userId: string; data?: string }
  | { kind: 'ignored'; reason: string };

/** `/start`, `/start payload` (deep link) or `/start@MyBot`. */
const START_COMMAND = /^\/start(@\w+)?(\s|$)/;

export function actionFor(update: TelegramUpdate): TelegramUpdateAction {
  const press = update.callback_query;
  if (press && !press.from.is_bot) return { kind: 'button', callbackQueryId: press.id, userId: String(press.from.id), data: press.data };
  const message = update.message;
  if (!message) return { kind: 'ignored', reason: 'not a new message' };
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: 'not a private chat' };
  const from = message.from;
  if (!from || from.is_bot) return { kind: 'ignored', reason: 'not from a person' };
  const text = (message.text ?? message.caption)?.trim() ?? '';
  const files = filesOf(message);
  if (!text && files.length === 0) return { kind: 'ignored', reason: 'no text' };
  if (START_COMMAND.test(text)) return { kind: 'start', chatId: message.chat.id, firstName: from.first_name };
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return {
    kind: 'message',
    userId: String(from.id),
    name: name || undefined,
    externalMessageId: String(update.update_id),
    text,
    ...(files.length > 0 ? { files } : {}),
  };
}

function filesOf(message: z.infer<typeof messageSchema>): TelegramFileRef[] {
  const largest = message.photo?.at(-1);
  const files: TelegramFileRef[] = [];
  // Telegram names no photo: it is always a JPEG
  if (largest) files.push({ fileId: largest.file_id, name: `photo-${message.message_id}.jpg`, size: largest.file_size });
  if (message.document) {
    files.push({ fileId: message.document.file_id, name: message.document.file_name ?? 'document', size: message.document.file_size });
  }
  return files;
}
