import { z } from 'zod';
import { AttachmentRefused } from '../../attachments/file-types';
import type { IncomingFile } from '../../attachments/attachments';
import type { TelegramBotApi } from './bot-api';
import type { TelegramSettings } from './settings';
import type { TelegramFileRef } from './update-schema';

const fileSchema = z.object({ file_id: z.string(), file_size: z.number().int().optional(), file_path: z.string().min(1).max(1024).optional() }).loose();

/**
 * A customer's file from Telegram: getFile names its path, then GET {base}/file/bot{token}/{path} (the Bot API
 * serves files up to 20 MB). Larger than `maxBytes` by Telegram's word or by the bytes: AttachmentRefused (413).
 */
export async function downloadTelegramFile(
  api: TelegramBotApi, settings: TelegramSettings, ref: TelegramFileRef, maxBytes: number, timeoutMs = 30_000,
): Promise<IncomingFile> {
  const tooLarge = () => new AttachmentRefused(413, 'attachment_too_large', `${ref.name} is larger than the limit of ${Math.round(maxBytes / 1024 / 1024 * 10) / 10} MB`, ref.name);
  if (ref.size !== undefined && ref.size > maxBytes) throw tooLarge();
  const file = await api.call('getFile', { file_id: ref.fileId }, fileSchema);
  if ((file.file_size ?? 0) > maxBytes) throw tooLarge();
  if (!file.file_path) throw new AttachmentRefused(413, 'attachment_too_large', `${ref.name} is too large for bots to download`, ref.name);
  let response: Response;
  try {
    response = await fetch(`${settings.apiBaseUrl}/file/bot${settings.botToken}/${file.file_path}`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // the URL holds the token: never in a message
    throw new Error(`Telegram file download unreachable: ${(error as Error).name}`);
  }
  if (!response.ok) throw new Error(`Telegram file download answered ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw tooLarge();
  return { bytes, declaredName: ref.name };
}
