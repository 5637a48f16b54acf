/**
 * A long conversation whose customer writes back the moment each answer arrives (as `npm run bench -- --long`
 * does, and as an app that sends queued messages does): the issue continues as new without the server refusing
 * a workflow task (each refusal replays the whole history: seconds in a long conversation), answers every
 * message once, and writes each turn's audit once, beside the summary instead of inside every change.
 */
import { temporal } from '@temporalio/proto';
import { resolvePolicy } from '../../src/domain/policy';
import path from 'node:path';
import { RECORD_DIR, saveHistory } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually } from '../support/temporal';

// the nudge, 3 s after the last answer, is the issue's next change: the last turn's audit rides on it
const policy = resolvePolicy(JSON.stringify({ customerNudge: '3s', customerAutoClose: '120s', reopenWindow: '60s', csatWait: '30s' }));
const env = workflowTestEnv();
const { EventType } = temporal.api.enums.v1;

/** Every run of a workflow, newest first, with its history, following continue-as-new back to the first. */
async function runsOf(workflowId: string) {
  const runs: { runId: string; events: temporal.api.history.v1.IHistoryEvent[] }[] = [];
  let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const events: temporal.api.history.v1.IHistoryEvent[] = (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push({ runId, events });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

it('continues as new while the customer writes back at once: no refused task, every message answered once', async () => {
  const messages = 40;
  let written = 1;
  let harness: Awaited<ReturnType<typeof startIssueHarness>> | undefined;
  // the customer writes the next message as soon as an answer reaches them: while the workflow task that takes
  // the turn's result (and, before, continued as new) is running
  const writeBack = () => {
    if (written >= messages || !harness) return;
    written += 1;
    const next = written;
    // (a reply takes a few milliseconds to come back, more or fewer: the delays vary over the conversation)
    setTimeout(() => void harness!.send(`password question ${next}`, `q${next}`), (next % 8) * 4);
  };
  const t = harness = await startIssueHarness(env, { policy, continueAsNewAfterEvents: 40, waitMs: 60_000, fake: { deliver: writeBack } });
  await t.send('password question 1', 'q1');
  await eventually(async () => (t.fake.deliveries.length >= messages ? true : undefined), 90_000, 'every answer');
  expect(t.fake.eventTypes()).not.toContain('nudged');

  const runs = await runsOf(t.workflowId);
  expect(runs.length).toBeGreaterThan(2);
  const refused = runs.flatMap((r) => r.events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
    .map((e) => `${r.runId}#${e.eventId}: ${temporal.api.enums.v1.WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes?.cause ?? 0]}`));
  expect(refused).toEqual([]);

  // every question answered once, in order
  await eventually(async () => ((await t.state()).messages.at(-1)?.author === 'assistant' ? true : undefined), 30_000, 'the last answer in the state');
  expect(t.fake.deliveries).toHaveLength(messages);
  expect(t.fake.turns.flatMap((turn) => turn.text.split('\n'))).toEqual(Array.from({ length: messages }, (_, i) => `password question ${i + 1}`));

  // the audit of each turn went to PostgreSQL beside the summary, with the next change that went anyway (each
  // once per run: a continued run sends the kept ones again with its first change)
  const projectedAudits = () => new Set(t.fake.projections.flatMap((p) => p.audit ?? []).map((a) => a.messageId));
  await eventually(async () => (projectedAudits().size >= messages ? true : undefined), 30_000, 'every audit projected');
  expect(projectedAudits().size).toBe(messages);
  expect(t.fake.projections.flatMap((p) => p.audit ?? []).length).toBeLessThan(messages + 20 * runs.length);
  expect(t.fake.projections.filter((p) => p.summary && 'audit' in p.summary)).toEqual([]);
  if (process.env.SWITCHBOARD_RECORD_HISTORIES) {
    // the first run (continued while a message waited) and the newest (carried messages, audits sent again)
    const dir = RECORD_DIR;
    await saveHistory(t.workflowId, path.join(dir, 'first-run-continued-while-customer-waits.json'), runs.at(-1)!.runId);
    await saveHistory(t.workflowId, path.join(dir, 'second-run-carried-messages.json'), runs.at(-2)!.runId);
    await saveHistory(t.workflowId, path.join(dir, 'third-run.json'), runs.at(-3)!.runId);
  }
}, 150_000);
