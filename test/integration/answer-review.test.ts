/**
 * Quality review of assistant answers (issue 10, item 4) through the real gateway, worker, Temporal and
 * PostgreSQL: a "that didn't help" reply puts the answer before it in the review queue once; a verdict with the
 * right answer becomes a suggestion that an admin accepts in one click (the article, or the intent examples,
 * change); the accuracy figure counts the verdicts; agents may do none of it.
 */
import { randomUUID } from 'node:crypto';
import { createOperator } from '../../src/db/credentials';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
/**
 * An article of this run's own (a made-up word in it): the test database keeps earlier runs' articles, some
 * edited by their reviews, and the assistant must answer from this one.
 */
const WORD = `badge${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const ARTICLE = { title: `Resetting the ${WORD} door badge`, body: `Hold the ${WORD} badge button for ten seconds until its light blinks twice.`, language: 'en' };
const ASK = `How do I reset the ${WORD} door badge?`;
let supervisor: string;
let articleId: string;
/** the accuracy figure counts the issues of this run only (earlier runs' issues stay in the database) */
let startedAt: string;

beforeAll(async () => {
  startedAt = new Date(Date.now() - 1_000).toISOString();
  // no random sample: only complaints queue answers here (the sample is covered by test/db/review-queue.test.ts)
  sys = await startTestSystem({ REVIEW_SAMPLE_SHARE: '0' });
  supervisor = (await createOperator(sys.db, { name: 'Review supervisor', role: 'supervisor' })).token;
  const article = await sys.api('POST', '/api/v1/kb/articles', { token: sys.adminToken, body: ARTICLE });
  expect(article.status).toBe(201);
});
afterAll(async () => {
  await sys?.stop();
});

async function say(externalId: string, text: string): Promise<string> {
  const sent = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
  expect(sent.status).toBe(202);
  return sent.body.issueId;
}

async function assistantAnswers(externalId: string): Promise<any[]> {
  const res = await sys.api('GET', `/api/v1/customers/${encodeURIComponent(externalId)}/messages`, { token: sys.apiKey });
  return (res.body.messages ?? []).filter((m: any) => m.author === 'assistant');
}

async function reviewsOf(issueId: string, query = ''): Promise<any[]> {
  const res = await sys.api('GET', `/api/v1/reviews?limit=200${query}`, { token: supervisor });
  expect(res.status).toBe(200);
  return res.body.reviews.filter((r: any) => r.issueId === issueId);
}

/** A conversation answered by the assistant, then a complaint about the answer; the review it queued. */
async function answeredThenComplained(question: string, complaint: string): Promise<{ issueId: string; review: any; answer: any }> {
  const externalId = `review-${randomUUID()}`;
  const issueId = await say(externalId, question);
  const [answer] = await eventually(async () => {
    const answers = await assistantAnswers(externalId);
    return answers.length > 0 ? answers : undefined;
  }, 60_000, 'the assistant\'s answer');
  expect(await reviewsOf(issueId)).toEqual([]); // not sampled, no complaint yet
  await say(externalId, complaint);
  const [review] = await eventually(async () => {
    const found = await reviewsOf(issueId, '&status=pending');
    return found.length > 0 ? found : undefined;
  }, 60_000, 'the answer in the review queue');
  return { issueId, review, answer };
}

describe('an answer followed by "не помогло"', () => {
  let issueId: string;
  let review: any;

  it('lands in the review queue once, with the question, the answer, its article and the reason', async () => {
    const found = await answeredThenComplained(ASK, 'не помогло');
    ({ issueId, review } = found);
    articleId = review.article.id;
    expect(review).toMatchObject({
      issueId, messageId: found.answer.id, reasons: ['unhelpful_reply'], status: 'pending', verdict: null,
      question: ASK, answer: found.answer.text, article: { title: ARTICLE.title, body: ARTICLE.body },
      issueUrl: `/console/issues/${issueId}`,
    });
    // whatever the workflow does next (answer again, hand over), that answer is queued once
    await new Promise((r) => setTimeout(r, 3_000));
    const again = await reviewsOf(issueId);
    expect(again.filter((r) => r.messageId === found.answer.id)).toHaveLength(1);
    expect((await reviewsOf(issueId, '&reason=low_csat'))).toEqual([]);
  }, 120_000);

  it('takes a verdict with the right answer as a knowledge-base edit, which an admin accepts in one click', async () => {
    const right = `Hold the ${WORD} badge button for twenty seconds: the light blinks three times.`;
    const verdict = await sys.api('POST', `/api/v1/reviews/${review.id}`, {
      token: supervisor, body: { verdict: 'incorrect', correctAnswer: right, note: 'the link lasts a day now' },
    });
    expect(verdict.status).toBe(200);
    expect(verdict.body.review).toMatchObject({ status: 'done', verdict: 'incorrect', correctAnswer: right });
    expect(verdict.body.suggestion).toMatchObject({
      kind: 'kb_edit', status: 'pending', article: { id: articleId }, articleBody: ARTICLE.body, proposedBody: right,
    });
    // the same verdict again is the same result; another one is refused
    const repeated = await sys.api('POST', `/api/v1/reviews/${review.id}`, {
      token: supervisor, body: { verdict: 'incorrect', correctAnswer: right, note: 'the link lasts a day now' },
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.suggestion.id).toBe(verdict.body.suggestion.id);
    const other = await sys.api('POST', `/api/v1/reviews/${review.id}`, { token: supervisor, body: { verdict: 'correct' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('already_reviewed');
    expect((await reviewsOf(issueId, '&status=done'))[0]).toMatchObject({ id: review.id, suggestion: { kind: 'kb_edit', status: 'pending' } });

    const listed = await sys.api('GET', '/api/v1/suggestions?status=pending', { token: supervisor });
    expect(listed.status).toBe(200);
    const suggestionId = verdict.body.suggestion.id;
    expect(listed.body.suggestions.map((s: any) => s.id)).toContain(suggestionId);

    expect((await sys.api('POST', `/api/v1/suggestions/${suggestionId}/accept`, { token: supervisor })).status).toBe(403);
    const accepted = await sys.api('POST', `/api/v1/suggestions/${suggestionId}/accept`, { token: sys.adminToken });
    expect(accepted.status).toBe(200);
    expect(accepted.body.suggestion).toMatchObject({ status: 'accepted', article: { currentBody: right } });
    const article = await sys.db.query('SELECT title, body FROM kb_articles WHERE id = $1', [articleId]);
    expect(article.rows).toEqual([{ title: ARTICLE.title, body: right }]);
    // one click: a second click changes nothing; an accepted suggestion cannot be rejected
    expect((await sys.api('POST', `/api/v1/suggestions/${suggestionId}/accept`, { token: sys.adminToken })).body.suggestion.status).toBe('accepted');
    const reject = await sys.api('POST', `/api/v1/suggestions/${suggestionId}/reject`, { token: sys.adminToken });
    expect(reject.status).toBe(409);
    expect(reject.body.error.code).toBe('suggestion_accepted');
    // the event stream records the review
    const events = await sys.db.query(`SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'reviewed'`, [issueId]);
    expect(events.rows).toEqual([{ data: expect.objectContaining({ reviewId: review.id, verdict: 'incorrect' }) }]);
  });
});

it('turns a right answer with the intent named into a labelled example for the offline model', async () => {
  const question = `Please, how can I reset my ${WORD} badge?`;
  const { review } = await answeredThenComplained(question, "That didn't help");
  expect(review.reasons).toEqual(['unhelpful_reply']);
  const label = `badge_reset_${randomUUID().slice(0, 8)}`;
  const verdict = await sys.api('POST', `/api/v1/reviews/${review.id}`, {
    token: sys.adminToken, body: { verdict: 'incorrect', correctAnswer: 'Hold the button for twenty seconds.', intent: label },
  });
  expect(verdict.status).toBe(200);
  expect(verdict.body.suggestion).toMatchObject({ kind: 'intent_example', example: { text: question, label } });
  const before = await sys.db.query('SELECT count(*)::int AS n FROM intent_examples WHERE label = $1', [label]);
  expect(before.rows[0].n).toBe(0);
  const accepted = await sys.api('POST', `/api/v1/suggestions/${verdict.body.suggestion.id}/accept`, { token: sys.adminToken });
  expect(accepted.status).toBe(200);
  const intents = await sys.api('GET', '/api/v1/kb/intents', { token: sys.adminToken });
  expect(intents.body.intents).toContainEqual({ label, examples: 1 });
}, 120_000);

it('counts the verdicts in the analytics summary as the assistant\'s accuracy', async () => {
  const to = new Date(Date.now() + 60_000).toISOString();
  const res = await sys.api('GET', `/api/v1/analytics/summary?from=${startedAt}&to=${to}`, { token: supervisor });
  expect(res.status).toBe(200);
  expect(res.body.assistantAccuracy).toEqual({
    reviewed: 2, correct: 0, share: 0, harmful: 0, sampled: { reviewed: 0, correct: 0, share: null },
  });
  expect(res.body.definitions.assistantAccuracy).toMatch(/marked correct/);
});

describe('who may review, and bad input', () => {
  it('refuses agents (403) and strangers (401) on every review route', async () => {
    const id = randomUUID();
    for (const [method, path] of [['GET', '/api/v1/reviews'], ['POST', `/api/v1/reviews/${id}`], ['GET', '/api/v1/suggestions'],
      ['POST', `/api/v1/suggestions/${id}/accept`], ['POST', `/api/v1/suggestions/${id}/reject`]] as const) {
      const body = method === 'POST' ? { verdict: 'correct' } : undefined;
      expect((await sys.api(method, path, { token: sys.operatorToken, body })).status).toBe(403);
      expect((await sys.api(method, path, { body })).status).toBe(401);
    }
  });

  it.each([
    ['an unknown verdict', { verdict: 'maybe' }, 400, 'invalid_request'],
    ['no verdict', { correctAnswer: 'x' }, 400, 'invalid_request'],
    ['an unknown field', { verdict: 'correct', score: 5 }, 400, 'invalid_request'],
  ])('refuses %s with a clear 4xx', async (_what, body, status, code) => {
    const [any] = (await sys.api('GET', '/api/v1/reviews?limit=1', { token: supervisor })).body.reviews;
    const res = await sys.api('POST', `/api/v1/reviews/${any?.id ?? randomUUID()}`, { token: supervisor, body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('answers 404 for an unknown review or suggestion, 400 for a malformed id or filter', async () => {
    expect((await sys.api('POST', `/api/v1/reviews/${randomUUID()}`, { token: supervisor, body: { verdict: 'correct' } })).body.error.code).toBe('unknown_review');
    expect((await sys.api('POST', `/api/v1/suggestions/${randomUUID()}/accept`, { token: sys.adminToken })).status).toBe(404);
    expect((await sys.api('POST', '/api/v1/reviews/not-a-uuid', { token: supervisor, body: { verdict: 'correct' } })).status).toBe(400);
    expect((await sys.api('GET', '/api/v1/reviews?status=maybe', { token: supervisor })).status).toBe(400);
    expect((await sys.api('GET', '/api/v1/reviews?reason=bored', { token: supervisor })).status).toBe(400);
  });
});
