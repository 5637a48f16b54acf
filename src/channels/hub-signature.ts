import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError, parseWith } from '../gateway/http-errors';

/**
 * Meta's webhook scheme, shared by every channel on Meta's platform (WhatsApp Cloud API, Messenger, Instagram):
 * posts signed with the app secret in X-Hub-Signature-256, and a GET handshake echoing hub.challenge when the
 * hub.verify_token matches ours.
 */

/** `sha256=<hex HMAC-SHA256(app secret, raw body)>`, as Meta sends it in X-Hub-Signature-256. */
export function signHubBody(appSecret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time check over the exact bytes received; hashing both sides first hides the guess's length too. */
export function hubSignatureMatches(appSecret: string, rawBody: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const digest = (s: string) => createHash('sha256').update(s.toLowerCase()).digest();
  return timingSafeEqual(digest(signHubBody(appSecret, rawBody)), digest(header.trim()));
}

/** Constant-time equality of two short secrets (the webhook verify token). */
export function secretsEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

const verificationSchema = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be a short printable token'),
}).loose();

/** GET handler of Meta's one-time subscription check: echoes hub.challenge, else 403. */
export function hubVerification(verifyToken: string, settingName: string, onVerified: () => void): RequestHandler {
  return (req, res) => {
    const query = parseWith(verificationSchema, req.query, 'verification query');
    if (query['hub.mode'] !== 'subscribe' || !secretsEqual(verifyToken, query['hub.verify_token'])) {
      throw new HttpError(403, 'forbidden', `hub.mode must be "subscribe" and hub.verify_token must match ${settingName}`);
    }
    onVerified();
    res.status(200).type('text/plain').send(query['hub.challenge']);
  };
}
