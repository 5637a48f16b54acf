/**
 * Train/test splits for the intent evaluations: the given test file, or stratified k-fold cross-validation
 * of the training file when there is none. Each split is trained and predicted here, timed apart, with
 * progress on stderr.
 */
import {
  trainIntentClassifierWithReport,
  type IntentExample,
  type IntentPrediction,
  type TrainingReport,
  type TrainOptions,
} from '../../ai/intent-model/intent-classifier';
import { stratifiedFolds } from '../../ai/intent-model/random';
import type { EvalArgs } from './args';
import { readLabelledExamples } from './datasets';
import type { EvalOutput } from './output';

export interface Split {
  readonly name: string;
  readonly train: IntentExample[];
  readonly test: IntentExample[];
}

export interface SplitResult {
  readonly report: TrainingReport;
  readonly trainSeconds: number;
  readonly predictSeconds: number;
  readonly predictions: { readonly example: IntentExample; readonly prediction: IntentPrediction }[];
}

export function splitsFor(args: EvalArgs): Split[] {
  const train = readLabelledExamples(args.train!);
  if (args.test !== undefined) return [{ name: 'test file', train, test: readLabelledExamples(args.test) }];
  const folds = args.cvFolds!;
  const fold = stratifiedFolds(train.map((e) => e.label), folds, args.seed);
  return Array.from({ length: folds }, (_, f) => ({
    name: `fold ${f + 1}/${folds}`,
    train: train.filter((_, i) => fold[i] !== f),
    test: train.filter((_, i) => fold[i] === f),
  }));
}

export function runSplit(split: Split, options: TrainOptions, output: EvalOutput): SplitResult {
  const intents = new Set(split.train.map((e) => e.label)).size;
  output.err(`${split.name}: training ${intents} intents on ${split.train.length.toLocaleString('en-US')} examples …`);
  const { classifier, report } = trainIntentClassifierWithReport(split.train, { ...options, onProgress: (m) => output.err(`  ${m}`) });
  output.err(`${split.name}: trained in ${report.seconds.toFixed(1)} s; predicting ${split.test.length.toLocaleString('en-US')} messages`);
  const started = performance.now();
  const predictions = split.test.map((example) => ({ example, prediction: classifier.predict(example.text) }));
  const predictSeconds = (performance.now() - started) / 1000;
  return { report, trainSeconds: report.seconds, predictSeconds, predictions };
}
