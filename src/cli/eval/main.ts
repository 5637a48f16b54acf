/** `npm run eval -- <command> …`: dispatch, and the exit code (0 done, 2 bad arguments or input data). */
import { TrainingDataError } from '../../ai/intent-model/intent-classifier';
import { parseEvalArgs } from './args';
import { runFaq } from './faq-command';
import { runIntents } from './intents-command';
import type { EvalOutput } from './output';
import { runResolution } from './resolution-command';
import { USAGE, UsageError } from './usage';

export function runEval(argv: readonly string[], output: EvalOutput): number {
  try {
    const args = parseEvalArgs(argv);
    if (args.command === 'intents') runIntents(args, output);
    else if (args.command === 'faq') runFaq(args, output);
    else runResolution(args, output);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TrainingDataError)) throw error;
    output.err(`✗ ${error.message}\n\n${USAGE}`);
    return 2;
  }
}
