import { MAX_FILES_PER_MESSAGE, type Attachments, type InspectedUpload } from '../../attachments/attachments';
import { AttachmentRefused, tooLarge } from '../../attachments/file-types';
import { DownloadTooLarge } from '../../net/capped-download';

/** A file a platform's message points at (WhatsApp media id, Meta CDN link, VK photo or document). */
export interface RemoteFile {
  /** the name shown for it: the sender's file name, or one made from its kind ("photo.jpg") */
  name: string;
  /** the size the platform announced, when it did: a file over the limit is refused without fetching it */
  size?: number;
  /** the bytes, at most maxBytes (DownloadTooLarge otherwise) */
  fetch(maxBytes: number): Promise<Buffer>;
}

/** What came of a message's files: those to store, those refused (said to the customer), a note for each miss. */
export interface TakenFiles {
  files: InspectedUpload[];
  refused: AttachmentRefused[];
  /** lines for the message, which the operator sees: "[scan.png was not accepted: …]" */
  notes: string[];
}

/**
 * Fetches and checks a message's files, one by one. A file too large or of a type not taken is refused (the
 * channel tells the customer); a file the platform would not give us is noted in the message instead, never
 * retried here: the message and its other files go through either way, and a webhook is never failed over a file.
 */
export async function takeRemoteFiles(
  attachments: Attachments, remote: RemoteFile[], platform: string, onMiss: (name: string, error: unknown) => void,
): Promise<TakenFiles> {
  const taken: TakenFiles = { files: [], refused: [], notes: [] };
  for (const [i, file] of remote.entries()) {
    if (i >= MAX_FILES_PER_MESSAGE) {
      taken.notes.push(`[${file.name} was not accepted: at most ${MAX_FILES_PER_MESSAGE} files per message]`);
      continue;
    }
    try {
      if (file.size !== undefined && file.size > attachments.maxBytes) throw tooLarge(file.name, file.size, attachments.maxBytes);
      let bytes: Buffer;
      try {
        bytes = await file.fetch(attachments.maxBytes);
      } catch (error) {
        if (error instanceof DownloadTooLarge) throw tooLarge(file.name, error.size, attachments.maxBytes);
        onMiss(file.name, error);
        taken.notes.push(`[${file.name} could not be fetched from ${platform}; ask the customer to send it again]`);
        continue;
      }
      taken.files.push(...(await attachments.inspect([{ bytes, declaredName: file.name }])));
    } catch (error) {
      if (!(error instanceof AttachmentRefused)) throw error;
      taken.refused.push(error);
      taken.notes.push(`[${error.fileName} was not accepted: ${error.message}]`);
    }
  }
  return taken;
}

/** "photo.jpg" for a file the platform names not, from its kind and MIME type. */
export function nameForKind(kind: string, mimeType?: string): string {
  const subtype = mimeType?.split(';')[0]?.split('/')[1]?.trim().toLowerCase();
  const ext = subtype === 'jpeg' ? 'jpg' : subtype?.replace(/^x-/, '').replace(/[^a-z0-9]/g, '').slice(0, 8);
  const stem = kind === 'image' ? 'photo' : kind;
  return ext ? `${stem}.${ext}` : stem;
}
