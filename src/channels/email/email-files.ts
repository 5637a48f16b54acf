import { MAX_FILES_PER_MESSAGE, type Attachments, type IncomingFile, type InspectedUpload } from '../../attachments/attachments';
import { AttachmentRefused } from '../../attachments/file-types';

/**
 * The files of a mail that can be kept, and a note for each one that cannot. Mail cannot be answered with a
 * 413 once our MX took it, so a refused file leaves a visible line in the message ("[report.exe was not
 * accepted: …]") that the operator sees and the assistant can mention; the rest of the mail goes through.
 */
export async function checkEmailFiles(
  attachments: Attachments | undefined, files: IncomingFile[],
): Promise<{ files: InspectedUpload[]; notes: string[] }> {
  const kept: InspectedUpload[] = [];
  const notes: string[] = [];
  for (const [i, file] of files.entries()) {
    const name = file.declaredName || 'attachment';
    if (!attachments) { notes.push(`[${name} was not accepted: attachments are not stored]`); continue; }
    if (i >= MAX_FILES_PER_MESSAGE) { notes.push(`[${name} was not accepted: at most ${MAX_FILES_PER_MESSAGE} files per message]`); continue; }
    try {
      kept.push(...(await attachments.inspect([file])));
    } catch (error) {
      if (!(error instanceof AttachmentRefused)) throw error;
      notes.push(`[${error.fileName} was not accepted: ${error.message}]`);
    }
  }
  return { files: kept, notes };
}
