import type { Request, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { optionalSafeText } from '../domain/safe-text';
import { HttpError } from '../gateway/http-errors';
import { MAX_FILES_PER_MESSAGE, type IncomingFile } from './attachments';

/** `attachments` in a JSON body: each file's bytes as base64 (standard or URL-safe alphabet) and its name. */
export const base64FilesSchema = z.array(z.object({
  name: optionalSafeText({ max: 255 }),
  contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64'),
}).strict()).max(MAX_FILES_PER_MESSAGE).optional();

export function filesFromBase64(items: z.infer<typeof base64FilesSchema>): IncomingFile[] {
  return (items ?? []).map((item) => ({ bytes: Buffer.from(item.contentBase64, 'base64'), declaredName: item.name }));
}

/** How many bytes a JSON body with base64 files of at most `maxBytes` may have (4/3 of the files, plus text). */
export function jsonLimitForFiles(maxBytes: number, files = 1): number {
  return Math.ceil((maxBytes * files * 4) / 3) + 256 * 1024;
}

export const isMultipart = (req: Request) => Boolean(req.is('multipart/form-data'));

/**
 * Reads a multipart/form-data body: the files of the `files` field (memory, at most `maxBytes` each; one more
 * byte answers 413) and the other fields as text. Only for routes that asked for it, after authentication.
 */
export async function readMultipart(
  req: Request, res: Response, maxBytes: number, maxFiles = MAX_FILES_PER_MESSAGE,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  // files are held in memory while they are checked: maxFiles × maxBytes bounds what one request can take
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: maxFiles, fields: 10, fieldSize: 64 * 1024, parts: maxFiles + 10 },
  }).array('files', maxFiles);
  await new Promise<void>((resolve, reject) => {
    upload(req, res, (error: unknown) => (error ? reject(multipartError(error, maxBytes, maxFiles)) : resolve()));
  });
  const files = ((req.files ?? []) as Express.Multer.File[]).map((f) => ({ bytes: f.buffer, declaredName: f.originalname }));
  return { fields: (req.body ?? {}) as Record<string, string>, files };
}

function multipartError(error: unknown, maxBytes: number, maxFiles: number): unknown {
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return new HttpError(413, 'attachment_too_large', `a file is larger than the limit of ${maxBytes} bytes`, { limit: maxBytes });
    }
    if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE') {
      return new HttpError(400, 'invalid_upload', `send at most ${maxFiles} files, in the "files" field`);
    }
    return new HttpError(400, 'invalid_upload', `the multipart body was refused: ${error.message}`);
  }
  if (error instanceof Error && /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(error.message)) {
    return new HttpError(400, 'invalid_upload', 'the multipart body is malformed');
  }
  return error;
}
