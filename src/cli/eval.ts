/**
 * `npm run eval -- intents | faq | resolution …`: offline evaluation of the intent model and FAQ retrieval;
 * `--assistant openai` with `intents` evaluates ChatGPT on the same files instead.
 */
import { parseEvalArgs } from './eval/args';
import { runLlmIntents } from './eval/llm-intents-command';
import { runEval } from './eval/main';
import { processOutput } from './eval/output';
import { USAGE, UsageError } from './eval/usage';

const argv = process.argv.slice(2);
const at = argv.indexOf('--assistant');
if (at === -1) {
  process.exitCode = runEval(argv, processOutput);
} else {
  const assistant = argv[at + 1];
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  const run = async () => {
    if (assistant === 'offline') return runEval(rest, processOutput);
    if (assistant !== 'openai') throw new UsageError(`--assistant must be offline or openai, got "${assistant ?? ''}"`);
    const args = parseEvalArgs(rest);
    if (args.command !== 'intents') throw new UsageError('--assistant openai works with the intents command');
    await runLlmIntents(args, processOutput, process.env);
    return 0;
  };
  run().then((code) => {
    process.exitCode = code;
  }, (error) => {
    if (!(error instanceof UsageError)) throw error;
    processOutput.err(`✗ ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  });
}
