/**
 * Runs intent-model work in a worker thread, so training (up to minutes for Banking77-size data), writing the
 * model's JSON to PostgreSQL and reading and parsing it back never hold the worker's event loop: activities
 * keep heartbeating and workflow tasks keep running meanwhile.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IntentClassifierData } from '../intent-model/intent-classifier';

/** What a thread is asked to do; it connects to the database itself (`connectionString`). */
export type ModelThreadTask =
  | { kind: 'train'; connectionString: string; version: string }
  | { kind: 'load'; connectionString: string; version: string };

export interface ModelFromThread {
  data: IntentClassifierData;
  answerThreshold: number;
  examples: number;
  trainedAt: Date;
}

export type ModelThreadResult =
  | ({ kind: 'trained'; intents: number; seconds: number } & ModelFromThread)
  /** the examples changed since the claim: nothing trained */
  | { kind: 'stale'; version: string }
  | ({ kind: 'loaded' } & ModelFromThread)
  | { kind: 'missing' };

const EXTENSION = path.extname(__filename);
const ENTRY = path.join(__dirname, `model-thread-main${EXTENSION}`);
/**
 * The app runs TypeScript through tsx (npm start, the worker; jest's transform is not seen by threads), so a
 * thread loading .ts needs tsx's require hook; `--import tsx` is not honoured in a worker's execArgv on Node 20.
 * Compiled JavaScript needs nothing.
 */
const EXEC_ARGV = EXTENSION === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];
/** Training Banking77 peaks under 400 MiB; a thread over this is stopped, not the whole worker process. */
const MAX_HEAP_MB = 2048;

export class ModelThreadError extends Error {
  override readonly name = 'ModelThreadError';
}

function runModelThread(task: ModelThreadTask, signal?: AbortSignal): Promise<ModelThreadResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ModelThreadError('intent model thread not started: stopping'));
    const thread = new Worker(ENTRY, {
      workerData: task, execArgv: EXEC_ARGV, resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
    });
    let result: ModelThreadResult | undefined;
    let failure: Error | undefined;
    const abort = () => void thread.terminate();
    signal?.addEventListener('abort', abort, { once: true });
    thread.once('message', (message: ModelThreadResult) => { result = message; });
    thread.once('error', (error) => { failure = error; });
    thread.once('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      if (result) resolve(result);
      else reject(failure ?? new ModelThreadError(`intent model thread ${signal?.aborted ? 'stopped' : `exited with code ${code}`} before it answered`));
    });
  });
}

/** Trains the claimed examples version from the database and stores the model there, in a thread. */
export async function trainAndStoreInThread(connectionString: string, version: string, signal?: AbortSignal) {
  return await runModelThread({ kind: 'train', connectionString, version }, signal) as Extract<ModelThreadResult, { kind: 'trained' | 'stale' }>;
}

/** Reads and parses a stored model in a thread; assemble it with `IntentClassifier.fromData`. */
export async function loadStoredInThread(connectionString: string, version: string, signal?: AbortSignal) {
  return await runModelThread({ kind: 'load', connectionString, version }, signal) as Extract<ModelThreadResult, { kind: 'loaded' | 'missing' }>;
}
