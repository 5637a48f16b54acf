import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(app secret, raw body)>`, as Meta sends it in X-Hub-Signature-256. */
export function signWhatsAppBody(appSecret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time check over the exact bytes received; hashing both sides first hides the guess's length too. */
export function whatsAppSignatureMatches(appSecret: string, rawBody: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const digest = (s: string) => createHash('sha256').update(s.toLowerCase()).digest();
  return timingSafeEqual(digest(signWhatsAppBody(appSecret, rawBody)), digest(header.trim()));
}

/** Constant-time equality of two short secrets (the webhook verify token). */
export function secretsEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
