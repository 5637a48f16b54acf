/**
 * REVIEW_SAMPLE_SHARE through the real pipeline: with a share of 1 every assistant answer lands in the review
 * queue as `sample` with nobody complaining, once; a complaint afterwards adds its reason to the same entry.
 */
import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
const WORD = `parcel${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;

beforeAll(async () => {
  sys = await startTestSystem({ REVIEW_SAMPLE_SHARE: '1' });
  const article = await sys.api('POST', '/api/v1/kb/articles', {
    token: sys.adminToken,
    body: { title: `Opening the ${WORD} locker`, body: `Type the ${WORD} code from your e-mail on the locker screen.`, language: 'en' },
  });
  expect(article.status).toBe(201);
});
afterAll(async () => {
  await sys?.stop();
});

const say = async (externalId: string, text: string) => {
  const res = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
  expect(res.status).toBe(202);
  return res.body.issueId as string;
};
const reviewsOf = async (issueId: string) => ((await sys.api('GET', '/api/v1/reviews?limit=200&status=pending', { token: sys.adminToken }))
  .body.reviews as any[]).filter((r) => r.issueId === issueId);

it('queues every answer as a sample at a share of 1, once, and adds a later complaint to the same entry', async () => {
  const externalId = `sample-${randomUUID()}`;
  const issueId = await say(externalId, `How do I open the ${WORD} locker?`);
  const [sampled] = await eventually(async () => {
    const found = await reviewsOf(issueId);
    return found.length > 0 ? found : undefined;
  }, 60_000, 'the sampled answer in the review queue');
  expect(sampled).toMatchObject({ reasons: ['sample'], question: `How do I open the ${WORD} locker?` });
  await say(externalId, 'это не то');
  const merged = await eventually(async () => {
    const found = (await reviewsOf(issueId)).find((r) => r.messageId === sampled.messageId);
    return found?.reasons.length === 2 ? found : undefined;
  }, 60_000, 'the complaint added to the sampled entry');
  expect(merged).toMatchObject({ id: sampled.id, reasons: ['sample', 'unhelpful_reply'] });
  expect((await reviewsOf(issueId)).filter((r) => r.messageId === sampled.messageId)).toHaveLength(1);
}, 150_000);
