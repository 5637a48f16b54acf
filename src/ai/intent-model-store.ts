import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import { intentExamplesVersion } from './intent-examples';
import { IntentClassifier } from './intent-model/intent-classifier';
import { loadStoredInThread, trainAndStoreInThread, type ModelFromThread } from './intent-training/model-thread';
import {
  claimTraining, findStoredModel, latestReadyVersion, markTrainingFailed, releaseClaim, renewClaim,
} from './intent-training/stored-intent-models';

export interface TrainedIntentModel {
  classifier: IntentClassifier;
  /** answer from an intent's article only at or above this confidence (chosen on out-of-fold predictions) */
  answerThreshold: number;
  examples: number;
  trainedAt: Date;
  /** version of the labelled examples it learnt from: every worker ends up answering with the same one */
  version: string;
}

export interface IntentModelStoreOptions {
  logger?: Logger;
  /** how often to look for changed examples and for a model another worker stored */
  checkEveryMs?: number;
  /** a training claim not renewed for this long is taken over by another worker */
  leaseMs?: number;
  /** names this worker in the training claim */
  workerId?: string;
  /** where the training thread connects (it reads the examples and writes the model itself); default: the pool's */
  connectionString?: string;
}

const DEFAULT_CHECK_EVERY_MS = 10_000;
const DEFAULT_LEASE_MS = 60_000;
/** A failed training, or a stored model this worker could not read, is tried again after this long. */
const RETRY_AFTER_MS = 10 * 60_000;

/**
 * The offline intent model of this worker. Models live in PostgreSQL, one per version of the labelled
 * examples: when the examples change, the first worker to claim the new version trains it in a worker thread
 * and stores it; the others keep answering with the model they have and load the stored one when they next
 * look. `current()` never waits: until there is a model, the offline responder answers with its rules.
 */
export class IntentModelStore {
  private model?: TrainedIntentModel;
  private checkedAt = -Infinity;
  private refreshing?: Promise<void>;
  private training?: Promise<void>;
  /** the version this worker is training: it stores it and hands it over, there is nothing to load */
  private trainingVersion?: string;
  private timer?: NodeJS.Timeout;
  private readonly stopping = new AbortController();
  /** stored versions this worker could not read, and when to try again (not at every check) */
  private readonly unreadable = new Map<string, number>();
  private readonly logger?: Logger;
  private readonly checkEveryMs: number;
  private readonly leaseMs: number;
  private readonly workerId: string;
  private readonly connectionString: string;

  constructor(private readonly db: Db, options: IntentModelStoreOptions = {}) {
    const connectionString = options.connectionString ?? db.options.connectionString;
    if (!connectionString) throw new Error('the intent model store needs the database connection string for its training thread');
    this.connectionString = connectionString;
    this.logger = options.logger;
    this.checkEveryMs = options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** The model to answer with now (undefined: use the rules); looks for a newer one in the background. */
  current(): TrainedIntentModel | undefined {
    if (Date.now() - this.checkedAt >= this.checkEveryMs) void this.refresh();
    return this.model;
  }

  /** Loads or trains the model at once, then looks again every `checkEveryMs`. */
  start(): void {
    if (this.timer || this.stopping.signal.aborted) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.checkEveryMs);
    this.timer.unref();
  }

  /** Stops looking and training; a claim in progress is given up so another worker trains at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.settled();
  }

  /** Resolves when the check in progress, and any training or loading it started, is over. */
  async settled(): Promise<void> {
    await this.refreshing;
    await this.training;
  }

  /** One check at a time; a failed check (database away) is logged and tried again at the next one. */
  refresh(): Promise<void> {
    this.refreshing ??= this.check()
      .catch((error) => { this.logger?.warn({ err: error }, 'offline intent model: check failed'); })
      .finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async check(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.checkedAt = Date.now();
    const examples = await intentExamplesVersion(this.db);
    if (examples.labels < 2) {
      // nothing to learn from (as when every example is removed): the rules answer
      this.model = undefined;
      return;
    }
    if (this.model?.version === examples.version || this.trainingVersion === examples.version) return;
    const stored = await findStoredModel(this.db, examples.version);
    if (stored?.status === 'ready') {
      await this.load(examples.version);
      return;
    }
    // a new version, a claim that ran out, or a failure whose retry delay is over: the claim decides
    if (!this.training && await claimTraining(this.db, examples.version, this.workerId, examples.examples, this.leaseMs)) {
      this.trainingVersion = examples.version;
      this.training = this.train(examples.version).finally(() => { this.training = undefined; this.trainingVersion = undefined; });
    }
    // Another worker trains this version (or it failed): answer with the latest stored model meanwhile.
    if (!this.model) {
      const latest = await latestReadyVersion(this.db);
      if (latest) await this.load(latest);
    }
  }

  private async load(version: string): Promise<void> {
    if ((this.unreadable.get(version) ?? 0) > Date.now() || this.model?.version === version) return;
    try {
      const loaded = await loadStoredInThread(this.connectionString, version, this.stopping.signal);
      if (loaded.kind === 'missing' || this.stopping.signal.aborted) return;
      this.use(version, loaded);
      this.logger?.info({ version, examples: loaded.examples, answerThreshold: loaded.answerThreshold }, 'offline intent model loaded');
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      this.unreadable.set(version, Date.now() + RETRY_AFTER_MS);
      this.logger?.warn({ err: error, version }, 'offline intent model: the stored model could not be read');
    }
  }

  /** Trains the claimed version in a worker thread (which stores it), renewing the claim meanwhile. */
  private async train(version: string): Promise<void> {
    const renew = setInterval(() => {
      renewClaim(this.db, version, this.workerId, this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    renew.unref();
    try {
      const trained = await trainAndStoreInThread(this.connectionString, version, this.stopping.signal);
      if (trained.kind === 'stale') {
        // examples changed since the claim: let the next check claim the new version
        await releaseClaim(this.db, version, this.workerId);
        this.checkedAt = -Infinity;
        return;
      }
      this.use(version, trained);
      this.logger?.info({
        version, examples: trained.examples, intents: trained.intents, seconds: trained.seconds, answerThreshold: trained.answerThreshold,
      }, 'offline intent model trained');
    } catch (error) {
      if (this.stopping.signal.aborted) {
        await releaseClaim(this.db, version, this.workerId).catch(() => undefined);
        return;
      }
      this.logger?.warn({ err: error, version }, 'offline intent model could not be trained; answering with the previous model or rules');
      await markTrainingFailed(this.db, version, String((error as Error)?.message ?? error), RETRY_AFTER_MS).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  private use(version: string, model: ModelFromThread): void {
    this.model = {
      classifier: IntentClassifier.fromData(model.data), answerThreshold: model.answerThreshold, examples: model.examples,
      trainedAt: model.trainedAt, version,
    };
  }
}
