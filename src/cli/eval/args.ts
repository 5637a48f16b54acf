/** Command-line flags of `npm run eval`, checked up front so a typo fails fast with exit code 2. */
import { parseArgs } from 'node:util';
import { UsageError } from './usage';

export type EvalCommand = 'intents' | 'faq' | 'resolution';

export interface EvalArgs {
  readonly command: EvalCommand;
  readonly train?: string;
  readonly test?: string;
  readonly cvFolds?: number;
  readonly oos?: string;
  readonly kb?: string;
  readonly queries?: string;
  readonly maxWrong: number;
  readonly seed: number;
}

const COMMANDS: readonly EvalCommand[] = ['intents', 'faq', 'resolution'];

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as EvalCommand)) {
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        train: { type: 'string' }, test: { type: 'string' }, cv: { type: 'string' }, oos: { type: 'string' },
        kb: { type: 'string' }, queries: { type: 'string' }, 'max-wrong': { type: 'string' }, seed: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const args: EvalArgs = {
    command: command as EvalCommand,
    train: values.train,
    test: values.test,
    cvFolds: values.cv === undefined ? undefined : integerAtLeast('--cv', values.cv, 2),
    oos: values.oos,
    kb: values.kb,
    queries: values.queries,
    maxWrong: values['max-wrong'] === undefined ? 0.02 : fraction('--max-wrong', values['max-wrong']),
    seed: values.seed === undefined ? 1 : integerAtLeast('--seed', values.seed, 0),
  };
  if (args.command === 'faq') {
    if (!args.kb || !args.queries) throw new UsageError('faq needs --kb <csv> and --queries <csv>');
  } else {
    if (!args.train) throw new UsageError(`${args.command} needs --train <csv>`);
    if ((args.test === undefined) === (args.cvFolds === undefined)) {
      throw new UsageError(`${args.command} needs exactly one of --test <csv> or --cv <folds>`);
    }
  }
  return args;
}

function integerAtLeast(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

function fraction(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`${flag} must be a number between 0 and 1, got "${text}"`);
  }
  return value;
}
