import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time check of the X-Telegram-Bot-Api-Secret-Token header. Both sides are hashed first so the
 * comparison takes the same time whatever the length of the guess.
 */
export function secretTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
