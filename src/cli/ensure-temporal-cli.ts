import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveTemporalCli } from '../temporal/dev-server';

const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** The Temporal CLI path; runs scripts/install-temporal.sh (with its progress output) when it is not installed yet. */
export async function ensureTemporalCli(say: (line: string) => void): Promise<string> {
  try {
    return resolveTemporalCli(PROJECT_ROOT);
  } catch {
    say('  Temporal CLI not installed yet: running scripts/install-temporal.sh (first time only) …');
  }
  const script = path.join(PROJECT_ROOT, 'scripts', 'install-temporal.sh');
  if (!existsSync(script)) throw new Error(`missing ${script}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`install-temporal.sh exited with ${code}`))));
  });
  return resolveTemporalCli(PROJECT_ROOT);
}
