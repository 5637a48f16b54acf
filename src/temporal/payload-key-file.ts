import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where `npm start` keeps its generated payload encryption key, inside DATA_DIR. */
export const PAYLOAD_KEY_FILE = 'payload-encryption.key';

/**
 * The base64 key in `file`, generated on first use. Readable by the owner only (0600): whoever reads it can
 * decrypt every workflow history. Losing it makes the histories sealed with it unreadable, so it is never rotated
 * here (set PAYLOAD_ENCRYPTION_KEY / PAYLOAD_ENCRYPTION_OLD_KEYS for that).
 */
export async function readOrCreatePayloadKey(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await chmod(file, 0o600);
  }
  return (await readFile(file, 'utf8')).trim();
}
