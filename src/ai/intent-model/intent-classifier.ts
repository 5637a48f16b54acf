/**
 * The intent classifier's public face: train on labelled messages, predict an intent with a calibrated
 * confidence, say "out of scope" when no intent fits, and persist as JSON.
 *
 * Training fits the scorer on k stratified folds first: the out-of-fold margins fit the temperature, choose
 * the out-of-scope threshold and are handed back (`trainIntentClassifierWithReport`) for callers that need
 * honest confidence estimates, such as choosing when the assistant may answer on its own. Then the final
 * scorer is fitted on all examples.
 */
import { fitTemperature, softmax } from './calibration';
import { chooseOutOfScopeThreshold } from './out-of-scope';
import { stratifiedFolds } from './random';
import { DEFAULT_SCORER_OPTIONS, Scorer, type ScorerData, type ScorerJSON, type ScorerOptions } from './scorer';
import type { FeatureOptions } from './features';
import type { LinearModelOptions } from './linear-model';

/** The training examples cannot make a classifier (e.g. a single label). */
export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
}

export interface IntentExample {
  readonly text: string;
  readonly label: string;
}

export interface TrainOptions {
  readonly features?: Partial<FeatureOptions>;
  readonly linear?: Partial<LinearModelOptions>;
  /**
   * Folds for the out-of-fold margins behind calibration and the out-of-scope threshold. Training costs about
   * as much as `folds` fits on all the data; the default 3 keeps Banking77 well under a minute (5 came near it
   * on a busy machine).
   */
  readonly calibrationFolds?: number;
  /** Label of training rows that match no intent (e.g. CLINC150's "oos"); learnt as a class of its own. */
  readonly outOfScopeLabel?: string;
  /** Share of out-of-scope messages expected in traffic; see `chooseOutOfScopeThreshold`. */
  readonly outOfScopeShare?: number;
  readonly seed?: number;
  readonly onProgress?: (message: string) => void;
}

export interface RankedIntent {
  readonly label: string;
  readonly score: number;
}

export interface IntentPrediction {
  /** The predicted intent, or null when the message is out of scope. */
  readonly label: string | null;
  /** Calibrated probability of the top-ranked intent. */
  readonly confidence: number;
  readonly outOfScope: boolean;
  /** Every intent (never the out-of-scope class), most probable first. */
  readonly ranking: RankedIntent[];
}

/** One training example as predicted by a model that did not see it. */
export interface OutOfFoldPrediction {
  readonly text: string;
  readonly label: string;
  readonly prediction: IntentPrediction;
}

export interface TrainingReport {
  readonly outOfFold: OutOfFoldPrediction[];
  readonly temperature: number;
  readonly outOfScopeThreshold: number;
  readonly seconds: number;
}

/** Serialisation format of `toJSON`; a stored model of another format is trained again, not read. */
export const INTENT_MODEL_FORMAT = 'switchboard-intent-classifier/1';

export interface IntentClassifierJSON {
  readonly format: typeof INTENT_MODEL_FORMAT;
  readonly classes: string[];
  readonly outOfScopeLabel: string | null;
  readonly temperature: number;
  readonly outOfScopeThreshold: number;
  readonly scorer: ScorerJSON;
}

/**
 * The classifier as plain data with typed arrays, for `postMessage` between threads: no JSON to parse on the
 * receiving side, and the big buffers move instead of being copied (see `transferableBuffers`).
 */
export interface IntentClassifierData {
  readonly classes: string[];
  readonly outOfScopeLabel: string | null;
  readonly temperature: number;
  readonly outOfScopeThreshold: number;
  readonly scorer: ScorerData;
}

export class IntentClassifier {
  /** Assembles trained parts; use `trainIntentClassifier` or `fromJSON` to get one. */
  constructor(
    private readonly classes: string[],
    private readonly outOfScopeLabel: string | null,
    private readonly temperature: number,
    readonly outOfScopeThreshold: number,
    private readonly scorer: Scorer,
  ) {}

  static fromJSON(json: IntentClassifierJSON): IntentClassifier {
    if (json.format !== INTENT_MODEL_FORMAT) throw new Error(`unknown intent model format ${String(json.format)}`);
    return new IntentClassifier(json.classes, json.outOfScopeLabel, json.temperature, json.outOfScopeThreshold, Scorer.fromJSON(json.scorer));
  }

  toJSON(): IntentClassifierJSON {
    return {
      format: INTENT_MODEL_FORMAT,
      classes: this.classes,
      outOfScopeLabel: this.outOfScopeLabel,
      temperature: this.temperature,
      outOfScopeThreshold: this.outOfScopeThreshold,
      scorer: this.scorer.toJSON(),
    };
  }

  static fromData(data: IntentClassifierData): IntentClassifier {
    return new IntentClassifier(data.classes, data.outOfScopeLabel, data.temperature, data.outOfScopeThreshold, Scorer.fromData(data.scorer));
  }

  /** Shares this classifier's arrays: transferring them leaves it unusable. */
  toData(): IntentClassifierData {
    const { classes, outOfScopeLabel, temperature, outOfScopeThreshold } = this;
    return { classes, outOfScopeLabel, temperature, outOfScopeThreshold, scorer: this.scorer.toData() };
  }

  /** The intents this classifier can predict. */
  get intents(): string[] {
    return this.classes.filter((label) => label !== this.outOfScopeLabel);
  }

  predict(text: string): IntentPrediction {
    return interpret(this.scorer.margins(text), this.classes, this.outOfScopeLabel, this.temperature, this.outOfScopeThreshold);
  }
}

/** The buffers behind a classifier's data, each once: pass them as `postMessage`'s transfer list. */
export function transferableBuffers(data: IntentClassifierData): ArrayBuffer[] {
  const { features, model } = data.scorer;
  return [...new Set([features.idf.buffer, model.weights.buffer, model.bias.buffer])] as ArrayBuffer[];
}

export function trainIntentClassifier(examples: readonly IntentExample[], options: TrainOptions = {}): IntentClassifier {
  return trainIntentClassifierWithReport(examples, options).classifier;
}

export function trainIntentClassifierWithReport(
  examples: readonly IntentExample[],
  options: TrainOptions = {},
): { classifier: IntentClassifier; report: TrainingReport } {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const scorerOptions: ScorerOptions = {
    features: { ...DEFAULT_SCORER_OPTIONS.features, ...options.features },
    linear: { ...DEFAULT_SCORER_OPTIONS.linear, seed, ...options.linear },
  };
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  if (classes.length < 2) throw new TrainingDataError('an intent classifier needs examples of at least two labels');
  const outOfScopeLabel = options.outOfScopeLabel !== undefined && classes.includes(options.outOfScopeLabel) ? options.outOfScopeLabel : null;
  const classOf = new Map(classes.map((label, i) => [label, i]));
  const texts = examples.map((e) => e.text);
  const targets = Int32Array.from(examples, (e) => classOf.get(e.label)!);
  const progress = options.onProgress ?? (() => {});

  // A label with fewer examples than folds is missing from some folds' training parts; its out-of-fold
  // predictions are then wrong, as they would be for a model that never saw it, which is the honest estimate.
  const folds = Math.min(options.calibrationFolds ?? 3, examples.length);
  const margins = outOfFoldMargins(texts, targets, classes.length, folds, scorerOptions, seed, progress);
  const temperature = fitTemperature(margins, targets);
  const unthresholded = margins.map((m) => interpret(m, classes, outOfScopeLabel, temperature, 0));
  const outOfScopeThreshold = chooseOutOfScopeThreshold(unthresholded.map((prediction, i) => ({
    confidence: prediction.confidence,
    correct: prediction.ranking[0].label === examples[i].label,
    trulyOutOfScope: examples[i].label === outOfScopeLabel,
    predictedOutOfScope: prediction.outOfScope,
  })), options.outOfScopeShare);

  progress(`fitting the final model on all ${examples.length} examples`);
  const scorer = Scorer.fit(texts, targets, classes.length, scorerOptions);
  const classifier = new IntentClassifier(classes, outOfScopeLabel, temperature, outOfScopeThreshold, scorer);
  const outOfFold = examples.map((e, i) => ({
    text: e.text,
    label: e.label,
    prediction: interpret(margins[i], classes, outOfScopeLabel, temperature, outOfScopeThreshold),
  }));
  const seconds = (performance.now() - started) / 1000;
  return { classifier, report: { outOfFold, temperature, outOfScopeThreshold, seconds } };
}

/** Margins of every training example from a scorer fitted on the other folds. */
function outOfFoldMargins(
  texts: readonly string[],
  targets: Int32Array,
  classes: number,
  folds: number,
  options: ScorerOptions,
  seed: number,
  progress: (message: string) => void,
): Float64Array[] {
  const fold = stratifiedFolds(Array.from(targets, String), folds, seed);
  const margins: Float64Array[] = new Array(texts.length);
  for (let f = 0; f < folds; f++) {
    progress(`calibration fold ${f + 1}/${folds}`);
    const train: number[] = [];
    const held: number[] = [];
    fold.forEach((value, i) => (value === f ? held : train).push(i));
    const scorer = Scorer.fit(train.map((i) => texts[i]), Int32Array.from(train, (i) => targets[i]), classes, options);
    for (const i of held) margins[i] = scorer.margins(texts[i]);
  }
  return margins;
}

/** Margins → calibrated intent ranking and the out-of-scope decision. */
function interpret(
  margins: Float64Array,
  classes: readonly string[],
  outOfScopeLabel: string | null,
  temperature: number,
  threshold: number,
): IntentPrediction {
  const probabilities = softmax(margins, temperature);
  let outOfScopeProbability = 0;
  const ranking: RankedIntent[] = [];
  classes.forEach((label, i) => {
    if (label === outOfScopeLabel) outOfScopeProbability = probabilities[i];
    else ranking.push({ label, score: probabilities[i] });
  });
  ranking.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1));
  const top = ranking[0];
  const outOfScope = outOfScopeProbability > top.score || top.score < threshold;
  return { label: outOfScope ? null : top.label, confidence: top.score, outOfScope, ranking };
}
