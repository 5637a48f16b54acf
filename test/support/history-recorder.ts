/**
 * Saves workflow histories for the replay tests. Run the workflow tests with SWITCHBOARD_RECORD_HISTORIES=1 to
 * (re)record them into test/replay/histories/v4-attributes-after-turn/ (V4 runs started naming every patch of
 * workflows/patches.ts) — do that only for histories of released workflow code.
 * test/replay/histories/v1/, v2/, the v3 folders and v4/ hold histories of earlier workflow types, of V3 runs and
 * of V4 runs started before the search-attributes-after-turn patch (frozen: never re-recorded; those issues still
 * run, on the same code, asking Temporal for the patches they did not start with).
 * The Temporal CLI exports them in the JSON form `historyFromJSON` reads (the same as the Web UI's download).
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { resolveTemporalCli } from '../../src/temporal/dev-server';
import { temporalAddress } from './temporal';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');
/** where new recordings go: histories of supportIssueWorkflowV4 runs started with every patch (ISSUE_PATCHES) */
export const RECORD_DIR = path.join(HISTORIES_DIR, 'v4-attributes-after-turn');

export async function recordHistoryIfAsked(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (!process.env.SWITCHBOARD_RECORD_HISTORIES) return;
  const resolvedRun = runId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
  await saveHistory(workflowId, path.join(RECORD_DIR, `${name}.json`), resolvedRun);
}

/** Writes a workflow's history (the run given, else the latest) to `file`, in the JSON form replay tests read. */
export async function saveHistory(workflowId: string, file: string, runId?: string): Promise<void> {
  const { stdout } = await promisify(execFile)(resolveTemporalCli(), [
    'workflow', 'show', '--address', temporalAddress(), '--workflow-id', workflowId, ...(runId ? ['--run-id', runId] : []),
    '--output', 'json',
  ], { maxBuffer: 64 * 1024 * 1024 });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, stdout);
}
