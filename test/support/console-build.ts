/**
 * The browser tests run against the built console (console/dist), as users get it. After an edit of the
 * console's sources the build is stale: rebuild it first (a few seconds), so a test never judges old code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_DIST_DIR } from '../../src/gateway/console-assets';

const CONSOLE_DIR = path.resolve(CONSOLE_DIST_DIR, '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureConsoleBuilt(): void {
  const index = path.join(CONSOLE_DIST_DIR, 'index.html');
  const sources = Math.max(newestSource(path.join(CONSOLE_DIR, 'src')), statSync(path.join(CONSOLE_DIR, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  if (!existsSync(path.join(CONSOLE_DIR, 'node_modules'))) {
    throw new Error('console/dist is missing or older than console/src, and console/node_modules is missing: run npm run console:build');
  }
  execFileSync('npm', ['run', 'build'], { cwd: CONSOLE_DIR, stdio: 'ignore' });
}
