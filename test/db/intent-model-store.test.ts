/**
 * The offline intent model shared through PostgreSQL: two stores on one database play two workers. One
 * trains (in a worker thread) and stores the model, the other loads it; both answer with the same version;
 * while a new version trains, both keep answering with the previous one; a dead trainer's claim is taken over.
 * And the event loop stays responsive while a Banking77-size model is trained, stored and loaded.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addIntentExamples, intentExamplesSnapshot, intentExamplesVersion } from '../../src/ai/intent-examples';
import { IntentModelStore } from '../../src/ai/intent-model-store';
import type { IntentExample } from '../../src/ai/intent-model/intent-classifier';
import { trainAndStoreInThread } from '../../src/ai/intent-training/model-thread';
import { trainOfflineIntentModel } from '../../src/ai/intent-training/offline-model-training';
import { readLabelledExamples } from '../../src/cli/eval/datasets';
import type { Db } from '../../src/db/pool';
import type { Logger } from '../../src/observability/logger';
import { openTestDb } from '../support/system';
import { eventually } from '../support/temporal';

const SOURCE = `model-store-test-${randomUUID()}`;
const fixture = readLabelledExamples(join(__dirname, '../fixtures/eval/intents-train.csv')).filter((e) => e.label !== 'oos');
const paraphrases = readLabelledExamples(join(__dirname, '../fixtures/eval/intents-test.csv')).filter((e) => e.label !== 'oos');
const BANKING77 = join(__dirname, '../../../shared/data/banking77/train.csv');
/** Banking77 examples for the responsiveness test: `all` (10,003) or a count (default 2,500, every intent). */
const RESPONSIVENESS_EXAMPLES = process.env.INTENT_MODEL_TEST_EXAMPLES ?? '2500';

let db: Db;
const running: IntentModelStore[] = [];
const events: { worker: string; message: string }[] = [];

/** A store as one worker has it, recording what it logs. */
function worker(name: string, checkEveryMs = 100): IntentModelStore {
  const record = (_fields: unknown, message: string) => { events.push({ worker: name, message }); };
  const logger = { info: record, warn: record } as unknown as Logger;
  const store = new IntentModelStore(db, { logger, checkEveryMs, workerId: name });
  running.push(store);
  store.start();
  return store;
}

const trainedBy = () => events.filter((e) => e.message === 'offline intent model trained').map((e) => e.worker);
const loadedBy = () => events.filter((e) => e.message === 'offline intent model loaded').map((e) => e.worker);
const currentVersion = async () => (await intentExamplesVersion(db)).version;

async function bothOn(version: string, stores: IntentModelStore[], timeoutMs = 30_000): Promise<void> {
  await eventually(async () => (stores.every((s) => s.current()?.version === version) ? true : undefined), timeoutMs, `model ${version} everywhere`);
  // a trainer answers with its model just before storing it: let it finish storing (and logging)
  await Promise.all(stores.map((s) => s.settled()));
}

beforeAll(async () => {
  db = await openTestDb();
  await db.query('DELETE FROM intent_models');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((store) => store.stop()));
  events.splice(0);
});

afterAll(async () => {
  await db.query('DELETE FROM intent_examples WHERE source = $1', [SOURCE]);
  await db.query('DELETE FROM intent_models');
  await db.end();
});

it('one of two workers trains, both answer with the same stored model version', async () => {
  await addIntentExamples(db, fixture, SOURCE);
  const version = await currentVersion();
  const a = worker('a');
  const b = worker('b');
  await bothOn(version, [a, b]);
  expect(trainedBy()).toHaveLength(1);
  const [trainer] = trainedBy();
  expect(loadedBy()).toEqual([trainer === 'a' ? 'b' : 'a']);
  // other tests' examples may be in the shared database too: the model learns from all of them
  const { examples } = await intentExamplesSnapshot(db);
  const { rows } = await db.query('SELECT status, claimed_by, examples, intents FROM intent_models WHERE examples_version = $1', [version]);
  expect(rows).toEqual([{ status: 'ready', claimed_by: trainer, examples: examples.length, intents: new Set(examples.map((e) => e.label)).size }]);
  // trained in one thread and stored, read and parsed in another: both predict exactly as a model trained here
  const here = trainOfflineIntentModel(examples);
  for (const { text } of paraphrases) {
    expect(a.current()!.classifier.predict(text)).toEqual(here.classifier.predict(text));
    expect(b.current()!.classifier.predict(text)).toEqual(here.classifier.predict(text));
  }
  expect(a.current()!.answerThreshold).toBe(here.answerThreshold);
  expect(b.current()!.answerThreshold).toBe(here.answerThreshold);
});

it('a worker started later loads the stored model instead of training', async () => {
  const version = await currentVersion();
  const late = worker('late');
  await bothOn(version, [late]);
  expect(trainedBy()).toEqual([]);
  expect(loadedBy()).toEqual(['late']);
});

it('while one worker trains new examples, every worker keeps answering with the previous model', async () => {
  const previous = await currentVersion();
  const a = worker('a', 20);
  const b = worker('b', 20);
  await bothOn(previous, [a, b]);
  await addIntentExamples(db, [
    { text: 'my parcel arrived damaged', label: 'damaged_delivery' },
    { text: 'the box was crushed and the item is broken', label: 'damaged_delivery' },
    { text: 'received a broken product', label: 'damaged_delivery' },
  ], SOURCE);
  const next = await currentVersion();
  const seen = new Set<string | undefined>();
  await eventually(async () => {
    for (const store of [a, b]) seen.add(store.current()?.version);
    return a.current()?.version === next && b.current()?.version === next ? true : undefined;
  }, 30_000, 'the new model everywhere');
  expect([...seen].sort()).toEqual([previous, next].sort()); // never undefined: never back to the rules
  expect(trainedBy()).toHaveLength(1);
  expect(a.current()!.classifier.intents).toContain('damaged_delivery');
  // the previous version's row is gone once the new one is stored
  const { rows } = await db.query('SELECT examples_version FROM intent_models');
  expect(rows).toEqual([{ examples_version: next }]);
});

it.each([
  { row: 'a live claim of a worker that crashed', status: 'training', claimedBy: 'crashed-worker', error: null },
  { row: 'a failed training', status: 'failed', claimedBy: 'unlucky-worker', error: 'out of memory' },
])('$row is left alone until its lease runs out, then the model is trained here', async ({ status, claimedBy, error }) => {
  const previous = await currentVersion();
  await addIntentExamples(db, [{ text: `can I pay with ${status}`, label: `payment_${status}` }, { text: `which ${status} cards do you accept`, label: `payment_${status}` }], SOURCE);
  const version = await currentVersion();
  await db.query(
    `INSERT INTO intent_models (examples_version, format, status, claimed_by, error, lease_until, examples)
     VALUES ($1, 'switchboard-intent-classifier/1', $2, $3, $4, now() + interval '1 hour', 0)`, [version, status, claimedBy, error]);
  const a = worker('a', 50);
  await bothOn(previous, [a]); // the previous model answers meanwhile
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(a.current()?.version).toBe(previous);
  expect(trainedBy()).toEqual([]);
  await db.query(`UPDATE intent_models SET lease_until = now() - interval '1 second' WHERE examples_version = $1`, [version]);
  await bothOn(version, [a]);
  expect(trainedBy()).toEqual(['a']);
  const { rows } = await db.query('SELECT status, claimed_by, error FROM intent_models WHERE examples_version = $1', [version]);
  expect(rows).toEqual([{ status: 'ready', claimed_by: 'a', error: null }]);
});

it('a training thread trains nothing when the examples changed since its claim', async () => {
  const current = await currentVersion();
  const result = await trainAndStoreInThread(db.options.connectionString!, 'an-older-version');
  expect(result).toEqual({ kind: 'stale', version: current });
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM intent_models WHERE examples_version = 'an-older-version'`);
  expect(rows[0].n).toBe(0);
});

it('a worker stopped while training gives its claim up, and another worker trains the version', async () => {
  await addIntentExamples(db, banking77Sample(1_000), SOURCE);
  const version = await currentVersion();
  const quitter = worker('quitter');
  await eventually(async () => {
    const { rows } = await db.query(`SELECT claimed_by FROM intent_models WHERE examples_version = $1 AND status = 'training'`, [version]);
    return rows[0]?.claimed_by === 'quitter' ? true : undefined;
  }, 10_000, 'the claim');
  await quitter.stop();
  const { rows } = await db.query('SELECT * FROM intent_models WHERE examples_version = $1', [version]);
  expect(rows).toEqual([]);
  const other = worker('other');
  await bothOn(version, [other], 120_000);
  expect(trainedBy()).toEqual(['other']);
}, 150_000);

it('the event loop stays responsive while a Banking77-size model is trained, stored and loaded', async () => {
  await db.query('DELETE FROM intent_examples WHERE source = $1', [SOURCE]);
  await db.query('DELETE FROM intent_models');
  const examples = banking77Sample(RESPONSIVENESS_EXAMPLES === 'all' ? Infinity : Number(RESPONSIVENESS_EXAMPLES));
  await addIntentExamples(db, examples, SOURCE);
  const version = await currentVersion();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const a = worker('a', 1_000);
  const b = worker('b', 1_000);
  await bothOn(version, [a, b], 590_000);
  delay.disable();
  const maxMs = delay.max / 1e6;
  const { rows } = await db.query('SELECT training_seconds, length(model) AS bytes FROM intent_models WHERE examples_version = $1', [version]);
  process.stderr.write(`[intent model] ${examples.length} examples, ${new Set(examples.map((e) => e.label)).size} intents: trained in ` +
    `${rows[0].training_seconds.toFixed(1)} s (thread), stored ${(rows[0].bytes / 2 ** 20).toFixed(1)} MiB, both workers on it after ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s; event-loop delay max ${maxMs.toFixed(0)} ms, ` +
    `p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms\n`);
  expect(trainedBy()).toHaveLength(1);
  // On the event loop, this training blocks it for seconds (13.8 s for 1,000 examples); in a thread, the worst
  // pause is a garbage collection (up to ~300 ms on a busy 2-core machine). Activities heartbeat every 2 s
  // against a 10 s timeout: a second is far from missing one, and far from what blocking looks like.
  expect(maxMs).toBeLessThan(1_000);
}, 600_000);

/** Up to `count` Banking77 examples, spread over every intent. */
function banking77Sample(count: number): IntentExample[] {
  const all = readLabelledExamples(BANKING77);
  if (count >= all.length) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]);
}
