import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import { intentExamplesVersion, loadIntentExamples } from './intent-examples';
import { trainIntentClassifierWithReport, type IntentClassifier } from './intent-model/intent-classifier';
import { chooseAnswerThreshold } from './resolution';

/** Wrong answers the offline responder may give, as a share of messages it sees (aimed at with a margin). */
export const OFFLINE_MAX_WRONG = 0.02;
const BUDGET_SAFETY = 0.8;
const OUT_OF_SCOPE_LABELS = ['out_of_scope', 'oos'];
/** How often the worker looks for new examples. */
const CHECK_EVERY_MS = 60_000;

export interface TrainedIntentModel {
  classifier: IntentClassifier;
  /** answer from an intent's article only at or above this confidence (chosen on out-of-fold predictions) */
  answerThreshold: number;
  examples: number;
  trainedAt: Date;
}

/**
 * The offline intent model of this worker, trained from the labelled examples in the database. Training is a
 * few seconds of CPU for thousands of examples; it runs at start and again when examples have changed (checked
 * at most once a minute, when a message needs the model).
 */
export class IntentModelStore {
  private model?: TrainedIntentModel;
  private version?: string;
  private checkedAt = 0;
  private training?: Promise<void>;

  constructor(private readonly db: Db, private readonly logger?: Logger) {}

  async current(): Promise<TrainedIntentModel | undefined> {
    if (Date.now() - this.checkedAt >= CHECK_EVERY_MS) {
      this.training ??= this.refresh().finally(() => {
        this.training = undefined;
      });
      await this.training;
    }
    return this.model;
  }

  private async refresh(): Promise<void> {
    this.checkedAt = Date.now();
    const version = await intentExamplesVersion(this.db);
    if (version === this.version) return;
    const examples = await loadIntentExamples(this.db);
    this.version = version;
    if (new Set(examples.map((e) => e.label)).size < 2) {
      this.model = undefined;
      return;
    }
    try {
      // Examples labelled out_of_scope (or oos, as in CLINC150) teach what the assistant should not take on.
      const outOfScopeLabel = OUT_OF_SCOPE_LABELS.find((label) => examples.some((e) => e.label === label));
      const { classifier, report } = trainIntentClassifierWithReport(examples, { outOfScopeLabel });
      const answerThreshold = chooseAnswerThreshold(
        report.outOfFold.map((o) => ({ confidence: o.prediction.confidence, correct: o.prediction.label === o.label })),
        OFFLINE_MAX_WRONG * BUDGET_SAFETY,
      );
      this.model = { classifier, answerThreshold, examples: examples.length, trainedAt: new Date() };
      this.logger?.info({ examples: examples.length, intents: classifier.intents.length, seconds: report.seconds, answerThreshold },
        'offline intent model trained');
    } catch (error) {
      this.logger?.warn({ err: error }, 'offline intent model could not be trained; using rules');
      this.model = undefined;
    }
  }
}
