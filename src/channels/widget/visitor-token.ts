import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A widget visitor's token: `v1.<visitorId>.<issued at, unix seconds>.<HMAC-SHA256, base64url>`. It is the
 * visitor's only credential (kept in the page's localStorage, sent in the Authorization header); the server
 * stores nothing per session. It expires (WIDGET_TOKEN_TTL) and is renewed while in use.
 */
export interface VisitorClaims {
  visitorId: string;
  issuedAt: number;
}

const VERSION = 'v1';
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** a token "issued" further in the future than this is forged or from a badly wrong clock */
const MAX_CLOCK_SKEW_S = 300;

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function issueVisitorToken(secret: string, claims: VisitorClaims): string {
  if (!VISITOR_ID.test(claims.visitorId)) throw new Error('visitor id has an unexpected shape');
  const payload = `${VERSION}.${claims.visitorId}.${Math.floor(claims.issuedAt)}`;
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a genuine, unexpired token, or undefined for anything else (tampered, other secret, malformed,
 * issued more than `maxAgeS` ago).
 */
export function verifyVisitorToken(
  secret: string, token: string, nowS = Date.now() / 1000, maxAgeS = Infinity,
): VisitorClaims | undefined {
  if (token.length > 256) return undefined;
  const parts = token.split('.');
  if (parts.length !== 4) return undefined;
  const [version, visitorId, issued, sig] = parts as [string, string, string, string];
  if (version !== VERSION || !VISITOR_ID.test(visitorId) || !/^\d{1,12}$/.test(issued)) return undefined;
  // Compared as text, so only the one canonical encoding of the MAC passes. timingSafeEqual needs equal
  // lengths; the length of a SHA-256 MAC is public anyway.
  const given = Buffer.from(sig);
  const expected = Buffer.from(signature(secret, `${version}.${visitorId}.${issued}`).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const issuedAt = Number(issued);
  if (issuedAt > nowS + MAX_CLOCK_SKEW_S || issuedAt + maxAgeS < nowS) return undefined;
  return { visitorId, issuedAt };
}
