import { createHash, randomBytes } from 'node:crypto';

/** Tokens are 256-bit random values, so a plain SHA-256 is the right hash (no password stretching needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
