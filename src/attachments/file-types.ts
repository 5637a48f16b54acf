import { fromBuffer } from 'file-type';

/** Why a file was not taken; `status` is the HTTP answer (413 too large, 415 type not allowed, 400 empty). */
export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused';
  constructor(readonly status: 400 | 413 | 415, readonly code: string, message: string, readonly fileName: string) {
    super(message);
  }
}

/** What the content says a file is, and the name it is shown and downloaded under. */
export interface InspectedFile {
  contentType: string;
  name: string;
  size: number;
}

/**
 * The types customers and operators may exchange, by their sniffed MIME type → extension: images, PDF, office
 * documents, plain text, voice notes and videos. Everything else (executables, archives, scripts, HTML, SVG) is refused.
 */
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/heic': 'heic', 'image/heif': 'heif',
  'image/bmp': 'bmp', 'image/tiff': 'tif',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/rtf': 'rtf',
  // legacy .doc/.xls/.ppt are Compound File Binary containers; the name's extension tells which
  'application/x-cfb': 'doc',
  'text/plain': 'txt', 'text/csv': 'csv',
  // voice notes and short videos, as WhatsApp, VK and phones send them (served as downloads, never played inline)
  'audio/opus': 'ogg', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/x-m4a': 'm4a', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/amr': 'amr',
  'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/3gpp': '3gp', 'video/webm': 'webm',
};
const LEGACY_OFFICE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };
/** Text has no magic number: a name ending in one of these whose bytes are clean UTF-8 text is taken as text. */
const TEXT_EXTENSIONS: Record<string, string> = { txt: 'text/plain', log: 'text/plain', md: 'text/plain', csv: 'text/csv' };

export const IMAGE_TYPES = new Set(Object.keys(ALLOWED).filter((t) => t.startsWith('image/')));

/** The content's type and a safe name, or AttachmentRefused: never the declared name's or header's word alone. */
export async function inspectFile(bytes: Buffer, declaredName: string | undefined, maxBytes: number): Promise<InspectedFile> {
  const base = safeBaseName(declaredName);
  const shownName = `${base.stem}${base.ext ? `.${base.ext}` : ''}`;
  if (bytes.length === 0) throw new AttachmentRefused(400, 'attachment_empty', `${shownName} is empty`, shownName);
  if (bytes.length > maxBytes) throw tooLarge(declaredName, bytes.length, maxBytes);
  const sniffed = await fromBuffer(bytes);
  let contentType: string | undefined;
  let ext: string | undefined;
  if (sniffed) {
    if (sniffed.mime === 'application/x-cfb' && base.ext && LEGACY_OFFICE[base.ext]) {
      contentType = LEGACY_OFFICE[base.ext]; ext = base.ext;
    } else if (ALLOWED[sniffed.mime] && sniffed.mime !== 'application/x-cfb' && !weakMp3(sniffed.mime, bytes, base.ext)) {
      contentType = sniffed.mime; ext = ALLOWED[sniffed.mime];
    }
  } else if (base.ext && TEXT_EXTENSIONS[base.ext] && isPlainText(bytes)) {
    contentType = `${TEXT_EXTENSIONS[base.ext]}; charset=utf-8`; ext = base.ext;
  }
  if (!contentType || !ext) {
    const what = sniffed ? `of a type not accepted (${sniffed.ext.toUpperCase()})` : 'of a type that cannot be recognised';
    throw new AttachmentRefused(415, 'attachment_type_refused',
      `${shownName} is ${what}; images, PDF, office documents and text files are accepted`, shownName);
  }
  // the name says what the content is: a PDF sent as "photo.jpg" is shown and downloaded as "photo.pdf"
  const sameKind = base.ext === ext || (ext === 'jpg' && base.ext === 'jpeg') || (ext === 'tif' && base.ext === 'tiff');
  return { contentType, name: `${base.stem}.${sameKind ? base.ext : ext}`, size: bytes.length };
}

/** The refusal of a file over the limit; `size` may be what a platform announced before any byte was fetched. */
export function tooLarge(declaredName: string | undefined, size: number, maxBytes: number): AttachmentRefused {
  const base = safeBaseName(declaredName);
  const shownName = `${base.stem}${base.ext ? `.${base.ext}` : ''}`;
  return new AttachmentRefused(413, 'attachment_too_large', `${shownName} is ${megabytes(size)}; the limit is ${megabytes(maxBytes)}`, shownName);
}

/**
 * An MP3 without an ID3 tag is recognised by a two-byte frame sync alone, which random binary matches too: such a
 * file counts as MP3 only when its name says so.
 */
function weakMp3(mime: string, bytes: Buffer, ext: string | undefined): boolean {
  return mime === 'audio/mpeg' && bytes.subarray(0, 3).toString('latin1') !== 'ID3' && ext !== 'mp3';
}

function safeBaseName(declared: string | undefined): { stem: string; ext?: string } {
  // no folders, no control or bidi characters, no quotes that would break a header
  // eslint-disable-next-line no-control-regex
  const last = (declared ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '').trim();
  const dot = last.lastIndexOf('.');
  const stem = (dot > 0 ? last.slice(0, dot) : last).slice(0, 150).trim() || 'attachment';
  const ext = dot > 0 ? last.slice(dot + 1).toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) : '';
  return { stem, ext: ext || undefined };
}

function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function megabytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
