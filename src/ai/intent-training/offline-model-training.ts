/**
 * How the offline responder's model is trained from the labelled examples: the intent classifier plus the
 * confidence at which the responder may answer on its own. Pure CPU work (seconds to minutes): it runs in a
 * worker thread (see model-thread.ts), never on a worker's event loop.
 */
import { trainIntentClassifierWithReport, type IntentClassifier, type IntentExample } from '../intent-model/intent-classifier';
import { chooseAnswerThreshold } from '../resolution';

/** Wrong answers the offline responder may give, as a share of messages it sees (aimed at with a margin). */
export const OFFLINE_MAX_WRONG = 0.02;
const BUDGET_SAFETY = 0.8;
/** Examples labelled out_of_scope (or oos, as in CLINC150) teach what the assistant should not take on. */
const OUT_OF_SCOPE_LABELS = ['out_of_scope', 'oos'];

export interface OfflineModelTraining {
  classifier: IntentClassifier;
  /** answer from an intent's article only at or above this confidence (chosen on out-of-fold predictions) */
  answerThreshold: number;
  seconds: number;
}

export function trainOfflineIntentModel(examples: readonly IntentExample[]): OfflineModelTraining {
  const outOfScopeLabel = OUT_OF_SCOPE_LABELS.find((label) => examples.some((e) => e.label === label));
  const { classifier, report } = trainIntentClassifierWithReport(examples, { outOfScopeLabel });
  const answerThreshold = chooseAnswerThreshold(
    report.outOfFold.map((o) => ({ confidence: o.prediction.confidence, correct: o.prediction.label === o.label })),
    OFFLINE_MAX_WRONG * BUDGET_SAFETY,
  );
  return { classifier, answerThreshold, seconds: report.seconds };
}
