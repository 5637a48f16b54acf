/** What an operator does to send a file: claim the issue's task, upload the file for a reply. */
import type { TestSystem } from './system';
import { eventually } from './temporal';

export async function claimTaskOf(sys: TestSystem, issueId: string): Promise<void> {
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
    return res.body.tasks.find((t: { issueId: string }) => t.issueId === issueId);
  }, 30_000, 'the human task');
  const claim = await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken });
  if (claim.status !== 200) throw new Error(`claim answered ${claim.status}`);
}

export async function uploadForReply(sys: TestSystem, issueId: string, bytes: Buffer, name: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('files', new Blob([bytes]), name);
  const response = await fetch(`${sys.url}/api/v1/issues/${issueId}/attachments`, {
    method: 'POST', headers: { authorization: `Bearer ${sys.operatorToken}` }, body: form,
  });
  return { status: response.status, body: await response.json() };
}
