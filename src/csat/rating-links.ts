/**
 * One-click rating links for e-mail: `<PUBLIC_URL>/csat/<issueId>.<score>.<issuedAt>.<mac>`, an HMAC-SHA256 over
 * the rest with a key stored in PostgreSQL (src/db/stored-secret.ts), valid for the rating window (csatWait)
 * from when the mail went out. Nothing secret or personal is in the link; a forged or edited one fails the MAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/pool';
import { loadOrCreateStoredSecret } from '../db/stored-secret';

export interface RatingLinkClaims {
  issueId: string;
  score: number;
  /** seconds since the epoch */
  issuedAt: number;
}

export type RatingLinkCheck = { ok: true; claims: RatingLinkClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const TOKEN = /^([0-9a-f-]{36})\.([1-5])\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export function loadRatingLinkSecret(db: Db): Promise<string> {
  return loadOrCreateStoredSecret(db, 'csat', 'rating_link');
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`csat-rating:${body}`).digest('base64url');
}

export function signRatingLink(secret: string, claims: RatingLinkClaims): string {
  const body = `${claims.issueId}.${claims.score}.${claims.issuedAt}`;
  return `${body}.${mac(secret, body)}`;
}

export function checkRatingLink(secret: string, token: string, nowMs: number, validMs: number): RatingLinkCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, issueId, score, issuedAt, given] = match;
  const expected = Buffer.from(mac(secret, `${issueId}.${score}.${issuedAt}`));
  if (!timingSafeEqual(expected, Buffer.from(given!))) return { ok: false, reason: 'bad_signature' };
  const claims = { issueId: issueId!, score: Number(score), issuedAt: Number(issuedAt) };
  if (nowMs > claims.issuedAt * 1000 + validMs || claims.issuedAt * 1000 > nowMs + 60_000) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The five links of one CSAT e-mail, 1 (poor) to 5 (excellent). */
export function ratingLinks(publicUrl: string, secret: string, issueId: string, nowMs: number): { score: number; url: string }[] {
  const issuedAt = Math.floor(nowMs / 1000);
  return [1, 2, 3, 4, 5].map((score) => ({ score, url: `${publicUrl}/csat/${signRatingLink(secret, { issueId, score, issuedAt })}` }));
}
