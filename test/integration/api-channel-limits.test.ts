/**
 * The API channel's messages are limited per API key (RATE_LIMIT_API_MESSAGES_PER_KEY): over it, 429 with
 * Retry-After, and the refused message reaches neither the database nor Temporal.
 */
import { randomUUID } from 'node:crypto';
import { findCustomerByIdentity } from '../../src/db/customers';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ RATE_LIMIT_API_MESSAGES_PER_KEY: '3/1m' }, { worker: false });
});
afterAll(async () => {
  await sys?.stop();
});

it('answers 429 with Retry-After once an API key sent its share of messages', async () => {
  const customers = Array.from({ length: 4 }, () => `limited-${randomUUID()}`);
  const answers = [];
  for (const externalId of customers) {
    const response = await fetch(`${sys.url}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sys.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: randomUUID(), customer: { externalId }, text: 'hello' }),
    });
    answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error: unknown } });
  }
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429]);
  expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
  expect(Number(answers[3]!.retryAfter)).toBeLessThanOrEqual(60);
  expect(answers[3]!.body.error).toMatchObject({
    code: 'rate_limited', details: { limit: 'API_MESSAGES_PER_KEY', retryAfterSeconds: Number(answers[3]!.retryAfter) },
  });
  expect(await findCustomerByIdentity(sys.db, 'api', customers[3]!)).toBeUndefined();
  // a wrong key is still a 401, not counted against anyone
  expect((await sys.api('POST', '/api/v1/messages', { token: 'ck_wrong', body: {} })).status).toBe(401);
});
