/** `npm run eval -- intents | faq | resolution …`: offline evaluation of the intent model and FAQ retrieval. */
import { runEval } from './eval/main';
import { processOutput } from './eval/output';

process.exitCode = runEval(process.argv.slice(2), processOutput);
