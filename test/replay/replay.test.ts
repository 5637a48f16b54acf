/**
 * Saved histories of real issue workflows (recorded from the workflow tests) replay against the current workflow
 * code. A change that would break running issues fails here; guard it with patched() (or a new workflow type,
 * as v2 is: v1 histories replay against the frozen workflows/v1; V3 and V4 share the code, see workflows/patches.ts).
 * `dispatcher` holds team dispatchers' histories
 * (test/workflow/team-dispatcher.test.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORIES_DIR } from '../support/history-recorder';
import { workflowBundlePath } from '../support/temporal';

it.each(['v1', 'v2', 'v3', 'v3-sla-calendar', 'v3-csat', 'v3-long-conversation', 'v4', 'v4-attributes-after-turn', 'dispatcher'])('replays every saved %s history without non-determinism', async (version) => {
  const dir = path.join(HISTORIES_DIR, version);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(3);
  const histories = await Promise.all(files.map(async (file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(await readFile(path.join(dir, file), 'utf8'))),
  })));
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath() } }, histories)) {
    results.push({ workflowId: result.workflowId, error: result.error?.message });
  }
  expect(results).toEqual(files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), error: undefined })));
});
