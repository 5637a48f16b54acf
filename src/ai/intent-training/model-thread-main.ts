/**
 * Entry of the intent-model thread: one task per thread, answered with one message, then the thread ends.
 * The thread does the heavy parts end to end — reading the examples, training, writing the model's JSON (tens
 * of MB) to PostgreSQL, or reading and parsing a stored one — over a connection of its own, so the worker's
 * event loop never holds the JSON at all: it receives the classifier as typed arrays moved, not copied.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createPool, type Db } from '../../db/pool';
import { intentExamplesSnapshot } from '../intent-examples';
import { IntentClassifier, transferableBuffers } from '../intent-model/intent-classifier';
import { runInBackgroundPriority } from './background-priority';
import type { ModelThreadResult, ModelThreadTask } from './model-thread';
import { trainOfflineIntentModel } from './offline-model-training';
import { readStoredModel, saveTrainedModel } from './stored-intent-models';

async function withDatabase<T>(connectionString: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createPool(connectionString, { max: 1 });
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export async function runModelTask(task: ModelThreadTask): Promise<ModelThreadResult> {
  if (task.kind === 'train') {
    const snapshot = await withDatabase(task.connectionString, intentExamplesSnapshot);
    if (snapshot.version !== task.version) return { kind: 'stale', version: snapshot.version };
    const { classifier, answerThreshold, seconds } = trainOfflineIntentModel(snapshot.examples);
    const stored = { json: JSON.stringify(classifier.toJSON()), answerThreshold, examples: snapshot.examples.length, intents: classifier.intents.length, seconds };
    const trainedAt = await withDatabase(task.connectionString, (db) => saveTrainedModel(db, task.version, stored));
    return { kind: 'trained', data: classifier.toData(), answerThreshold, examples: stored.examples, intents: stored.intents, seconds, trainedAt };
  }
  const stored = await withDatabase(task.connectionString, (db) => readStoredModel(db, task.version));
  if (!stored) return { kind: 'missing' };
  const classifier = IntentClassifier.fromJSON(JSON.parse(stored.json));
  return { kind: 'loaded', data: classifier.toData(), answerThreshold: stored.answerThreshold, examples: stored.examples, trainedAt: stored.trainedAt };
}

if (!isMainThread) {
  runInBackgroundPriority();
  runModelTask(workerData as ModelThreadTask).then((result) => {
    parentPort!.postMessage(result, 'data' in result ? transferableBuffers(result.data) : []);
  }, (error) => {
    // the thread ends with this error; the main side reports it
    setImmediate(() => { throw error; });
  });
}
