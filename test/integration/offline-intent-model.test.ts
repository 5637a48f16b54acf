/**
 * The offline responder with its trained intent model: labelled examples go in through the API, the worker
 * trains on them (in a worker thread) and stores the model, and a paraphrase nobody wrote before is answered
 * with the article of its intent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eventually } from '../support/temporal';
import { openTestDb, startTestSystem, type TestSystem } from '../support/system';
import type { Db } from '../../src/db/pool';

const SOURCE = `test-${randomUUID()}`;
const examples = (parse(readFileSync(path.resolve(__dirname, '../fixtures/eval/intents-train.csv'), 'utf8'), { columns: true }) as { text: string; label: string }[])
  .filter((e) => e.label !== 'oos');
let db: Db;
let sys: TestSystem;
let modelVersion: string | undefined;

beforeAll(async () => {
  db = await openTestDb();
  // Examples are in before the worker starts: it trains at start-up, off its event loop.
  sys = await startTestSystem({}, { worker: false });
  const added = await sys.api('POST', '/api/v1/kb/intents/examples', { token: sys.adminToken, body: { examples, source: SOURCE } });
  expect(added.status).toBe(201);
  expect(added.body.added).toBe(examples.length);
  const again = await sys.api('POST', '/api/v1/kb/intents/examples', { token: sys.adminToken, body: { examples: examples.slice(0, 3), source: SOURCE } });
  expect(again.body.added).toBe(0);
  const article = await sys.api('POST', '/api/v1/kb/articles', {
    token: sys.adminToken,
    body: { title: 'Cancelling a subscription', body: 'Go to Settings, Billing, and choose Cancel plan. You keep access until the end of the period.', intent: 'cancel_subscription' },
  });
  expect(article.status).toBe(201);
  expect(article.body.article.intent).toBe('cancel_subscription');
  await sys.startWorker();
});

afterAll(async () => {
  // the shared test database must not teach other tests' assistants
  await db.query('DELETE FROM intent_examples WHERE source = $1', [SOURCE]);
  if (modelVersion) await db.query('DELETE FROM intent_models WHERE examples_version = $1', [modelVersion]);
  await db.query(`UPDATE kb_articles SET intent = NULL WHERE intent = 'cancel_subscription'`);
  await db.end();
  await sys?.stop();
});

it('answers a new paraphrase with the article of its intent, and lists the intents it knows', async () => {
  const intents = await sys.api('GET', '/api/v1/kb/intents', { token: sys.operatorToken });
  expect(intents.body.intents).toEqual(expect.arrayContaining([{ label: 'cancel_subscription', examples: 8 }]));
  // Classification never waits for training (the rules answer until then): wait until the model is stored.
  const model = await eventually(async () => {
    const res = await sys.api('GET', '/api/v1/kb/intents', { token: sys.operatorToken });
    return res.body.model?.status === 'ready' ? res.body.model : undefined;
  }, 30_000, 'the stored intent model');
  modelVersion = model.version;
  expect(model.intents).toBeGreaterThanOrEqual(5);
  expect(model.answerThreshold).toBeGreaterThan(0);
  const sent = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: `intent-${randomUUID()}` }, text: 'please stop my premium plan subscription' },
  });
  const issue = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${sent.body.issueId}`, { token: sys.operatorToken });
    return ['waiting_customer', 'escalated'].includes(res.body.issue?.status) ? res.body.issue : undefined;
  }, 30_000, 'the assistant turn');
  expect(issue.classification).toMatchObject({ intent: 'cancel_subscription', source: 'offline' });
  expect(issue.status).toBe('waiting_customer');
  expect(issue.messages.at(-1).text).toContain('Cancelling a subscription');
  expect(issue.audit.at(-1).reason).toMatch(/^intent cancel_subscription at confidence/);

  const bad = await sys.api('POST', '/api/v1/kb/intents/examples', { token: sys.adminToken, body: { examples: [] } });
  expect(bad.status).toBe(400);
});
