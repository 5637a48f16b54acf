/**
 * The evaluation harness runs the ChatGPT path too, against a fake OpenAI server on loopback: same figures,
 * same closing JSON line, so offline and LLM can be compared on the same files.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/eval');
let openai: FakeOpenAi;

beforeAll(async () => {
  openai = await startFakeOpenAi();
});
afterAll(async () => {
  await openai?.close();
});

function runEval(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('evaluates ChatGPT on the intents files and ends with the JSON line', async () => {
  // The fake model answers with the intent whose name shares a word with the message, else out_of_scope.
  openai.setHandler((request) => {
    const text = request.messages.at(-1)!.content.toLowerCase();
    const schema = request.response_format?.json_schema?.schema as { properties: { label: { enum: string[] } } };
    const label = schema.properties.label.enum.find((l) => l.split('_').some((w) => w.length > 3 && text.includes(w))) ?? 'out_of_scope';
    return { content: JSON.stringify({ label }) };
  });
  const result = await runEval(
    ['intents', '--assistant', 'openai', '--train', path.join(FIXTURES, 'intents-train.csv'), '--test', path.join(FIXTURES, 'intents-test.csv'), '--oos', 'oos'],
    { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'gpt-test' },
  );
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  const summary = JSON.parse(lines.at(-1)!);
  expect(Object.keys(summary)).toEqual(['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'trainSeconds', 'predictPerSecond']);
  expect(summary.accuracy).toBeGreaterThan(0.5);
  expect(summary.oosRecall).toBe(1);
  expect(openai.requests.length).toBe(12);
  expect(openai.requests[0].messages[0].content).toContain('card_arrival');
  expect(result.stdout).toContain('model:                 gpt-test');
});

it('refuses the ChatGPT path without a key or a test file', async () => {
  const noKey = await runEval(['intents', '--assistant', 'openai', '--train', path.join(FIXTURES, 'intents-train.csv'), '--test', path.join(FIXTURES, 'intents-test.csv')], { OPENAI_API_KEY: '' });
  expect(noKey.code).toBe(2);
  expect(noKey.stderr).toMatch(/needs OPENAI_API_KEY/);
  const cv = await runEval(['intents', '--assistant', 'openai', '--train', path.join(FIXTURES, 'intents-train.csv'), '--cv', '3'], { OPENAI_API_KEY: 'sk-test' });
  expect(cv.code).toBe(2);
  expect(cv.stderr).toMatch(/needs --test/);
});
