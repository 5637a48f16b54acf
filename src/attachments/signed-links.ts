import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links to one attachment: `/attachments/<id>?expires=<unix s>&signature=<hex HMAC-SHA256(id.expires)>`.
 * Whoever was shown the issue (an operator through the issue API, the customer through their channel) gets a
 * link; the link alone opens the file until it expires, so it can sit in an <img> or a webhook payload.
 */
export class SignedLinks {
  constructor(private readonly secret: () => Promise<string>, private readonly ttlS: number) {}

  async pathFor(id: string, nowMs = Date.now()): Promise<string> {
    const expires = Math.floor(nowMs / 1000) + this.ttlS;
    const signature = await this.sign(id, expires);
    return `/attachments/${id}?expires=${expires}&signature=${signature}`;
  }

  /** 'ok', 'expired' or 'forged' (a signature that is not ours for this id and expiry) */
  async check(id: string, expires: number, signature: string, nowMs = Date.now()): Promise<'ok' | 'expired' | 'forged'> {
    const expected = Buffer.from(await this.sign(id, expires), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return expires * 1000 < nowMs ? 'expired' : 'ok';
  }

  private async sign(id: string, expires: number): Promise<string> {
    return createHmac('sha256', await this.secret()).update(`${id}.${expires}`).digest('hex');
  }
}
