/** `eval intents`: accuracy, macro-F1 and, with --oos, in-scope accuracy and out-of-scope recall. */
import type { EvalArgs } from './args';
import { runSplit, splitsFor } from './held-out';
import { intentScores, type Labelled } from './metrics';
import { percent, rounded, type EvalOutput } from './output';

export function runIntents(args: EvalArgs, output: EvalOutput): void {
  const results = splitsFor(args).map((split) => runSplit(split, { outOfScopeLabel: args.oos, seed: args.seed }, output));
  const oos = args.oos;
  // Without --oos every message has an intent, so the top-ranked one is the answer; with it, an
  // out-of-scope prediction counts as predicting the --oos label.
  const pairs: Labelled[] = results.flatMap((r) => r.predictions.map(({ example, prediction }) => ({
    truth: example.label,
    predicted: oos === undefined ? prediction.ranking[0].label : prediction.label ?? oos,
  })));
  const summary = {
    ...intentScores(pairs, oos),
    trainSeconds: mean(results.map((r) => r.trainSeconds)),
    predictPerSecond: sum(results.map((r) => r.predictions.length)) / sum(results.map((r) => r.predictSeconds)),
  };
  const per = results.length > 1 ? ` (mean of ${results.length} folds)` : '';
  output.out(`messages evaluated:    ${pairs.length}`);
  output.out(`accuracy:              ${percent(summary.accuracy)}`);
  output.out(`macro-F1:              ${percent(summary.macroF1)}`);
  if (oos !== undefined) {
    output.out(`in-scope accuracy:     ${percent(summary.inScopeAccuracy)} of ${summary.inScope}`);
    output.out(`out-of-scope recall:   ${percent(summary.oosRecall)} of ${summary.outOfScope}`);
  }
  output.out(`training time:         ${summary.trainSeconds.toFixed(1)} s${per}`);
  output.out(`predictions / second:  ${Math.round(summary.predictPerSecond)}`);
  output.out(JSON.stringify({
    accuracy: rounded(summary.accuracy),
    macroF1: rounded(summary.macroF1),
    inScopeAccuracy: rounded(summary.inScopeAccuracy),
    oosRecall: rounded(summary.oosRecall),
    trainSeconds: rounded(summary.trainSeconds, 2),
    predictPerSecond: rounded(summary.predictPerSecond, 0),
  }));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
