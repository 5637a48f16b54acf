/**
 * The review queue as the projection fills it, on the real database: a sampled answer and a complaint after an
 * answer land once (retried changes add nothing), reasons merge into one entry, and a complaint after an
 * operator's reply or about nothing queues nothing.
 */
import { randomUUID } from 'node:crypto';
import type { IssueEvent, ProjectionChange } from '../../activities/types';
import { resolveCustomer } from '../../src/db/customers';
import { applyProjection } from '../../src/db/issue-projection';
import type { Db } from '../../src/db/pool';
import type { IssueMessage } from '../../src/domain/issue';
import { queueAnswersForReview } from '../../src/review/review-queue';
import { sampledForReview } from '../../src/review/review-sample';
import { openTestDb } from '../support/system';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.end();
});

/** An issue whose changes are projected and queued as the projection activity does it. */
async function issue() {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `review-${randomUUID()}` });
  const issueId = randomUUID();
  let version = 0;
  let seq = 0;
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString();
  const message = (author: IssueMessage['author'], text: string, second: number, id = `${issueId}:m:${(seq += 1)}`): IssueMessage => ({
    id, direction: author === 'customer' ? 'inbound' : 'outbound', author, channel: 'api', text, at: at(second),
  });
  const event = (type: IssueEvent['type'], second: number, data?: Record<string, unknown>): IssueEvent => ({
    eventId: `${issueId}:ev:${(seq += 1)}`, type, at: at(second), data,
  });
  const project = async (parts: Pick<ProjectionChange, 'messages' | 'events'>, share = 0): Promise<ProjectionChange> => {
    version += 1;
    const change: ProjectionChange = {
      issue: { issueId, customerId, status: 'open', channel: 'api', priority: 'normal', createdAt: at(0), version }, ...parts,
    };
    await applyProjection(db, `support-issue-${customerId}`, change);
    await queueAnswersForReview(db, change, share);
    return change;
  };
  const queued = async () => (await db.query('SELECT message_id, reasons FROM answer_reviews WHERE issue_id = $1', [issueId])).rows
    .sort((a, b) => (a.message_id < b.message_id ? -1 : 1));
  return { issueId, message, event, project, queued };
}

it('queues a complained-about answer once, whatever the retries, and merges the reasons into one entry', async () => {
  const t = await issue();
  await t.project({ messages: [t.message('customer', 'How do I reset my password?', 1)] });
  const answer = t.message('assistant', 'Choose "Forgot password".', 2);
  await t.project({ messages: [answer] });
  expect(await t.queued()).toEqual([]);
  const complaint = await t.project({ messages: [t.message('system', 'Anything else?', 3), t.message('customer', 'не помогло', 4)] });
  await queueAnswersForReview(db, complaint, 0); // the projection retried
  expect(await t.queued()).toEqual([{ message_id: answer.id, reasons: ['unhelpful_reply'] }]);
  await t.project({ events: [t.event('reopened', 5), t.event('csat_received', 6, { score: 2 })] });
  await t.project({ events: [t.event('csat_received', 7, { score: 1 })] });
  expect(await t.queued()).toEqual([{ message_id: answer.id, reasons: ['low_csat', 'reopened', 'unhelpful_reply'] }]);
});

it('queues nothing for a complaint about an operator\'s reply, a good rating or a happy customer', async () => {
  const t = await issue();
  await t.project({ messages: [t.message('customer', 'Where is my order?', 1), t.message('assistant', 'It ships today.', 2)] });
  await t.project({ messages: [t.message('customer', 'Thanks, that helped!', 3)], events: [t.event('csat_received', 4, { score: 5 })] });
  await t.project({ messages: [t.message('operator', 'I refunded it.', 5), t.message('customer', "That didn't help", 6)] });
  expect(await t.queued()).toEqual([]);
});

it('queues the sampled share of answers with the reason sample, the same ones on every try', async () => {
  const t = await issue();
  const answers = Array.from({ length: 40 }, (_, n) => t.message('assistant', `answer ${n}`, n % 60, `${t.issueId}:out:${n}`));
  const change = await t.project({ messages: answers }, 0.25);
  await queueAnswersForReview(db, change, 0.25);
  const expected = answers.filter((a) => sampledForReview(a.id, 0.25)).map((a) => a.id).sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(answers.length);
  expect(await t.queued()).toEqual(expected.map((id) => ({ message_id: id, reasons: ['sample'] })));
});
