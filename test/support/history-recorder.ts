/**
 * Saves workflow histories for the replay tests. Run the workflow tests with SWITCHBOARD_RECORD_HISTORIES=1 to
 * (re)record them into test/replay/histories/ — do that only for histories of released workflow code.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Client } from '@temporalio/client';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

export async function recordHistoryIfAsked(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (!process.env.SWITCHBOARD_RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
