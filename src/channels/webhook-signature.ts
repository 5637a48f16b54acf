import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signature of an outbound webhook: HMAC-SHA256 over `${timestamp}.${body}`, hex, sent as
 * `X-Switchboard-Signature: sha256=<hex>` with `X-Switchboard-Timestamp: <unix seconds>`.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Receiver side (for integrators and tests): constant-time check with a freshness window. */
export function verifyWebhookSignature(
  secret: string, timestamp: string | undefined, body: string, signature: string | undefined, toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
