/**
 * The worker evaluates every module of the workflow bundle again for each workflow it creates or replays after
 * an eviction (the SDK's reusable V8 context isolates module state per workflow). zod and the schemas built with
 * it cost about 10 ms of the workflow thread each time, measured by the benchmark's CPU profile, while no
 * workflow validates with zod: schemas stay out of modules the workflows import (see
 * src/domain/calendar/business-calendar-schema.ts and src/domain/text-normalise.ts).
 * Modules without per-workflow state are evaluated once instead, before any workflow (the bundle's preloadModules,
 * see workflows/sandbox/shared-modules.ts): every module of src/ and luxon must be among them.
 */
import { readFileSync } from 'node:fs';
import { workflowBundlePath } from '../support/temporal';

/** module id -> the module ids its code requires, read from webpack's bundle */
function requiresByModule(code: string): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  const starts = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)];
  starts.forEach((start, i) => {
    const body = code.slice(start.index, starts[i + 1]?.index ?? code.length);
    modules.set(start[1], [...body.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]));
  });
  return modules;
}

/** the modules the bundle's preloadModules() loads, with everything they require */
function preloadedModules(code: string): Set<string> {
  const preload = /exports\.preloadModules = function preloadModules\(\) \{([\s\S]*?)\n\}/.exec(code)?.[1] ?? '';
  const requires = requiresByModule(code);
  const seen = new Set<string>();
  const next = [...preload.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]);
  while (next.length > 0) {
    const id = next.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    next.push(...(requires.get(id) ?? []));
  }
  return seen;
}

describe('the workflow bundle', () => {
  const code = readFileSync(workflowBundlePath(), 'utf8');

  it('is the real bundle (it holds the issue workflow)', () => {
    expect(code).toContain('workflows/issue-workflow.ts');
  });

  it('does not contain zod', () => {
    const zodModules = [...new Set(code.match(/node_modules\/zod\/[\w./-]+/g) ?? [])];
    expect(zodModules).toEqual([]);
  });

  it('evaluates every module of src/ and luxon once per worker thread, not once per workflow', () => {
    const preloaded = preloadedModules(code);
    const pure = [...requiresByModule(code).keys()].filter((id) => id.startsWith('./src/') || id.includes('/luxon/'));
    expect(pure.length).toBeGreaterThan(10);
    expect(pure.filter((id) => !preloaded.has(id))).toEqual([]);
  });

  it('evaluates the workflows per workflow (patches.ts keeps per-run state)', () => {
    const preloaded = preloadedModules(code);
    expect([...preloaded].filter((id) => id.startsWith('./workflows/') && !id.startsWith('./workflows/sandbox/'))).toEqual([]);
  });
});
