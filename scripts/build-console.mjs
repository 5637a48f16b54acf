// Builds the operator console (console/, its own package) into console/dist, which the gateway serves at
// /console. Run by the root package's `postinstall`, so `npm install` / `npm ci` leave it built, and by
// `npm run console:build`. The console's own packages go into console/node_modules (never the root's).
// SWITCHBOARD_SKIP_CONSOLE_BUILD=1 skips it (the gateway then answers /console with a 503 page saying so).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = path.join(root, 'console');

if (process.env.SWITCHBOARD_SKIP_CONSOLE_BUILD === '1') {
  console.log('[console] SWITCHBOARD_SKIP_CONSOLE_BUILD=1: not building the console');
  process.exit(0);
}
if (!existsSync(path.join(consoleDir, 'package.json'))) {
  // e.g. a Docker layer that installs the root's dependencies before the sources are copied in
  console.log('[console] no console/ sources here yet: build it later with `npm run console:build`');
  process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
function run(args) {
  // The parent npm's settings (e.g. --omit=dev) must not leak into the console's install: its build tools are
  // devDependencies.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(omit|include|only|production|ignore_scripts)$/i.test(k)));
  const result = spawnSync(npm, args, { cwd: consoleDir, stdio: 'inherit', env });
  return result.status === 0;
}

const flags = ['--no-audit', '--no-fund', '--include=dev'];
console.log('[console] installing its packages into console/node_modules');
// As in .ci/run: a lock file written where the registry serves no other platforms' optional packages may be
// called out of sync by `npm ci`; `npm install` then installs the same pinned versions.
if (!run(['ci', ...flags]) && !run(['install', ...flags])) {
  console.error('[console] could not install the console packages');
  process.exit(1);
}
console.log('[console] building console/dist');
if (!run(['run', 'build'])) {
  console.error('[console] the console build failed');
  process.exit(1);
}
