import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../gateway/http-errors';
import { findAttachment } from './attachment-rows';
import { IMAGE_TYPES } from './file-types';
import type { Attachments } from './attachments';

const querySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().max(128),
});

/**
 * GET /attachments/:id?expires=..&signature=.. — the file behind a signed link. Served with the type sniffed at
 * intake and `nosniff`; anything but an image is a download (Content-Disposition: attachment), so no uploaded
 * file is ever rendered by the browser as a page of ours.
 */
export function attachmentDownloadRoutes(attachments: Attachments): Router {
  const router = Router();
  router.get('/attachments/:id', async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const query = querySchema.safeParse(req.query);
    if (!id.success || !query.success) throw new HttpError(403, 'invalid_link', 'this attachment link is not valid');
    const verdict = await attachments.links.check(id.data, query.data.expires, query.data.signature);
    if (verdict === 'forged') throw new HttpError(403, 'invalid_link', 'this attachment link is not valid');
    if (verdict === 'expired') throw new HttpError(403, 'link_expired', 'this attachment link has expired; reload the conversation for a fresh one');
    const row = await findAttachment(attachments.db, id.data);
    const bytes = row ? await attachments.bytesOf(row) : undefined;
    if (!row || !bytes) throw new HttpError(404, 'attachment_not_found', 'this attachment is no longer stored');
    const inline = IMAGE_TYPES.has(row.content_type);
    res.set({
      'content-type': row.content_type,
      'content-length': String(bytes.length),
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.file_name),
      'x-content-type-options': 'nosniff',
      // the link is the permission: private, and no longer cached than it is valid
      'cache-control': `private, max-age=${Math.max(0, query.data.expires - Math.floor(Date.now() / 1000))}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
    });
    res.end(bytes);
  });
  return router;
}

/** RFC 6266 with an ASCII fallback and the UTF-8 name (RFC 8187), e.g. for "фото.jpg". */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

