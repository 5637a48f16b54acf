/**
 * The worker evaluates every module of the workflow bundle again for each workflow it creates or replays after
 * an eviction (the SDK's reusable V8 context isolates module state per workflow). zod and the schemas built with
 * it cost about 10 ms of the workflow thread each time, measured by the benchmark's CPU profile, while no
 * workflow validates with zod: schemas stay out of modules the workflows import (see
 * src/domain/calendar/business-calendar-schema.ts and src/domain/text-normalise.ts).
 */
import { readFileSync } from 'node:fs';
import { workflowBundlePath } from '../support/temporal';

describe('the workflow bundle', () => {
  const code = readFileSync(workflowBundlePath(), 'utf8');

  it('is the real bundle (it holds the issue workflow)', () => {
    expect(code).toContain('workflows/issue-workflow.ts');
  });

  it('does not contain zod', () => {
    const zodModules = [...new Set(code.match(/node_modules\/zod\/[\w./-]+/g) ?? [])];
    expect(zodModules).toEqual([]);
  });
});
