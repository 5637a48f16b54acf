import { signWebhook, verifyWebhookSignature } from '../../src/channels/webhook-signature';

describe('outbound webhook signature', () => {
  const secret = 's3cret';
  const body = '{"deliveryId":"m1"}';

  it('verifies what it signs, within the freshness window', () => {
    const now = 1_800_000_000;
    const signature = signWebhook(secret, now, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, String(now), body, signature, 300, now + 10)).toBe(true);
  });

  it('rejects a changed body, a wrong secret, a stale timestamp and missing headers', () => {
    const now = 1_800_000_000;
    const signature = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, String(now), `${body} `, signature, 300, now)).toBe(false);
    expect(verifyWebhookSignature('other', String(now), body, signature, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, String(now), body, signature, 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, String(now), body, undefined)).toBe(false);
  });
});
