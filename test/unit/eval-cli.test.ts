import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runEval } from '../../src/cli/eval/main';

const root = join(__dirname, '../..');
const fixture = (name: string) => join(root, 'test/fixtures/eval', name);

/** Runs a command in-process; returns its exit code, stdout lines and stderr text. */
function evaluate(...argv: string[]): { code: number; lines: string[]; errors: string } {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = runEval(argv, { out: (line) => lines.push(line), err: (line) => errors.push(line) });
  return { code, lines, errors: errors.join('\n') };
}

function lastJson(lines: readonly string[]): Record<string, unknown> {
  return JSON.parse(lines[lines.length - 1]);
}

describe('npm run eval', () => {
  it('intents: scores a test file and ends with the JSON summary', () => {
    const { code, lines, errors } = evaluate('intents', '--train', fixture('intents-train.csv'), '--test', fixture('intents-test.csv'), '--oos', 'oos');
    expect(code).toBe(0);
    const summary = lastJson(lines);
    expect(Object.keys(summary)).toEqual(['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'trainSeconds', 'predictPerSecond']);
    expect(summary.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(summary.inScopeAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(summary.oosRecall).toBeGreaterThanOrEqual(0.5);
    expect(summary.predictPerSecond).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/out-of-scope recall/);
    expect(errors).toMatch(/training 6 intents on 48 examples/);
  });

  it('intents: cross-validates when there is no test file, with nulls for the out-of-scope figures', () => {
    const { code, lines } = evaluate('intents', '--train', fixture('intents-train.csv'), '--cv', '2');
    expect(code).toBe(0);
    const summary = lastJson(lines);
    expect(summary).toMatchObject({ inScopeAccuracy: null, oosRecall: null });
    expect(summary.accuracy).toBeGreaterThan(0.5);
    expect(lines.join('\n')).toMatch(/messages evaluated: +48/);
  });

  it('faq: reports hit@1, hit@5 and MRR', () => {
    const { code, lines } = evaluate('faq', '--kb', fixture('faq-kb.csv'), '--queries', fixture('faq-queries.csv'));
    expect(code).toBe(0);
    expect(lastJson(lines)).toEqual({ hit1: 1, hit5: 1, mrr: 1 });
  });

  it('resolution: chooses the threshold on the training data and keeps wrong answers within budget', () => {
    const { code, lines } = evaluate('resolution', '--train', fixture('intents-train.csv'), '--test', fixture('intents-test.csv'), '--oos', 'oos', '--max-wrong', '0.1');
    expect(code).toBe(0);
    const summary = lastJson(lines) as { automationRate: number; wrongRate: number; threshold: number };
    expect(Object.keys(summary)).toEqual(['automationRate', 'wrongRate', 'threshold']);
    expect(summary.automationRate).toBeGreaterThan(0.3);
    expect(summary.wrongRate).toBeLessThanOrEqual(0.2);
    expect(summary.threshold).toBeGreaterThan(0);
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [[], /no command given/],
    [['intents', '--train', 'x.csv'], /exactly one of --test <csv> or --cv <folds>/],
    [['intents', '--train', 'x.csv', '--test', 'y.csv', '--cv', '5'], /exactly one of/],
    [['intents', '--train', 'x.csv', '--cv', '1'], /--cv must be an integer ≥ 2/],
    [['resolution', '--train', 'x.csv', '--cv', '3', '--max-wrong', 'lots'], /--max-wrong must be a number between 0 and 1/],
    [['faq', '--kb', 'kb.csv'], /faq needs --kb <csv> and --queries <csv>/],
    [['intents', '--train', 'x.csv', '--cv', '3', '--folds', '2'], /Unknown option '--folds'/],
    [['intents', '--train', '/no/such/file.csv', '--cv', '3'], /cannot read \/no\/such\/file.csv/],
    [['intents', '--train', fixture('single-label.csv'), '--cv', '2'], /at least two labels/],
  ])('exits with 2 and says why for %j', (argv, message) => {
    const { code, lines, errors } = evaluate(...argv);
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(errors).toMatch(message);
    expect(errors).toMatch(/usage:/);
  });

  it('runs as a process: JSON on the last stdout line, exit code 2 on bad input', () => {
    const run = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', ...argv], { cwd: root, encoding: 'utf8' });
    const ok = run('faq', '--kb', fixture('faq-kb.csv'), '--queries', fixture('faq-queries.csv'));
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split('\n').pop()!)).toEqual({ hit1: 1, hit5: 1, mrr: 1 });
    expect(ok.stderr).toMatch(/indexed 4 threads/);
    const bad = run('faq', '--kb', fixture('missing.csv'), '--queries', fixture('faq-queries.csv'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot read/);
  });
});
