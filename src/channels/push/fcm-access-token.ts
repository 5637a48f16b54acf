import { createSign } from 'node:crypto';
import type { FcmServiceAccount } from './push-settings';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * OAuth 2.0 access tokens for FCM HTTP v1 by the service-account flow Google documents (RFC 7523): a JWT signed
 * RS256 with the account's key, exchanged at its `token_uri`. Kept until a minute before it expires. Written on
 * node:crypto because Google's own library posts to a fixed token endpoint, while the key file names its own
 * `token_uri` (which the tests point at a loopback fake).
 */
export class FcmAccessToken {
  private cached?: { token: string; until: number };

  constructor(private readonly account: FcmServiceAccount, private readonly timeoutMs = 10_000) {}

  async get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.token;
    const now = Math.floor(Date.now() / 1000);
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
      iss: this.account.client_email, scope: SCOPE, aud: this.account.token_uri, iat: now, exp: now + 3600,
    })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.account.private_key).toString('base64url');
    const response = await fetch(this.account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`FCM token endpoint answered ${response.status}`);
    const body = await response.json() as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('FCM token endpoint gave no access_token');
    this.cached = { token: body.access_token, until: Date.now() + ((body.expires_in ?? 3600) - 60) * 1000 };
    return body.access_token;
  }
}
