/**
 * Workers that keep no workflow in memory: every workflow task replays the issue's whole history, as after a
 * crash. Operator updates, SLA timers, turns and deliveries land in the same workflow tasks in every order; the
 * history must replay without non-determinism, and no workflow task may fail. (Before workflows/interceptors.ts gave
 * every task a command, the first test failed about two runs in five: a cold worker folded a command-less task
 * into the next one and ran an operator's update before the activity result it had followed.)
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { snapshotOfSupportPolicy } from '../../src/domain/sla';
import { resolvePolicy } from '../../src/domain/policy';
import type { InboundMessage, IssueState } from '../../src/domain/issue';
import { IssueService, issueWorkflowId } from '../../src/temporal/issue-service';
import { issueStateQuery } from '../../workflows/definitions';
import { fakeActivities } from '../support/fake-activities';
import { workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually, startWorker, uniqueTaskQueue, workflowBundlePath } from '../support/temporal';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const env = workflowTestEnv();

/** Workflow task failures in the history, with their messages (a non-determinism shows up here). */
async function failedWorkflowTasks(workflowId: string): Promise<string[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const failed = (history.events ?? [])
    .filter((e) => e.workflowTaskFailedEventAttributes)
    .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message ?? '');
  return failed;
}

async function replays(workflowId: string): Promise<void> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() } }, history, workflowId);
}

const coldWorker = (taskQueue: string, activities: object) => startWorker(taskQueue, activities, { maxCachedWorkflows: 0 });

it('replays every workflow task from scratch while timers, claims, replies and deliveries interleave', async () => {
  const taskQueue = uniqueTaskQueue('cold');
  const policy = resolvePolicy(JSON.stringify({
    firstResponse: { urgent: '1s', high: '1s', normal: '1s', low: '1s' },
    resolution: { urgent: '3s', high: '3s', normal: '3s', low: '3s' },
  }));
  const fake = fakeActivities({ deliver: async () => { await sleep(300); }, slaPolicy: snapshotOfSupportPolicy(policy) });
  env.workers.push(await coldWorker(taskQueue, fake.activities));
  const service = new IssueService(env.client, { taskQueue, policy, queryWaitMs: 20_000, updateWaitMs: 20_000 });
  const customers = Array.from({ length: 6 }, () => randomUUID());
  let n = 0;
  const send = (customerId: string, text: string) => service.acceptMessage({
    channel: 'api', externalMessageId: `m${++n}`, customerId, text, receivedAt: new Date().toISOString(),
  } satisfies InboundMessage);
  const state = (customerId: string) => env.client.workflow.getHandle(issueWorkflowId(customerId)).query(issueStateQuery);

  await Promise.all(customers.map(async (customerId, i) => {
    const { issueId } = await send(customerId, 'I want a human');
    const workflowId = issueWorkflowId(customerId);
    const escalated = await eventually(async () => {
      const s: IssueState = await state(customerId);
      return s.task ? s : undefined;
    }, 30_000, 'the task');
    // claims around the first-response due time, replies around the breach re-queue
    await sleep(700 + 150 * i);
    await service.claimTask(workflowId, issueId, escalated.task!.taskId, `op-${i}`).catch(() => undefined);
    await send(customerId, 'still there?');
    await service.reply(workflowId, issueId, `op-${i}`, 'Here I am').catch(() => undefined);
    await sleep(1_500);
    const later = await state(customerId);
    if (later.task?.status === 'queued') await service.claimTask(workflowId, issueId, later.task.taskId, `op-${i}`).catch(() => undefined);
    await service.resolve(workflowId, issueId, `op-${i}`).catch(() => undefined);
  }));

  for (const customerId of customers) {
    const workflowId = issueWorkflowId(customerId);
    expect({ workflowId, failed: await failedWorkflowTasks(workflowId) }).toEqual({ workflowId, failed: [] });
    await replays(workflowId);
  }
});

it('takes an update and a fired SLA timer that reach a restarted worker in one task', async () => {
  const taskQueue = uniqueTaskQueue('cold');
  const policy = resolvePolicy(JSON.stringify({
    firstResponse: { urgent: '2s', high: '2s', normal: '2s', low: '2s' },
    resolution: { urgent: '60s', high: '60s', normal: '60s', low: '60s' },
  }));
  const fake = fakeActivities({ slaPolicy: snapshotOfSupportPolicy(policy) });
  env.workers.push(await startWorker(taskQueue, fake.activities));
  const service = new IssueService(env.client, { taskQueue, policy, queryWaitMs: 20_000, updateWaitMs: 30_000 });
  const customerId = randomUUID();
  const workflowId = issueWorkflowId(customerId);
  const { issueId } = await service.acceptMessage({
    channel: 'api', externalMessageId: 'm1', customerId, text: 'I want a human', receivedAt: new Date().toISOString(),
  });
  const escalated = await eventually(async () => {
    const s: IssueState = await env.client.workflow.getHandle(workflowId).query(issueStateQuery);
    return s.task ? s : undefined;
  }, 30_000, 'the task');
  await env.workers[0]!.stop();
  env.workers.splice(0);
  // the due time passes with no worker; the operator claims meanwhile
  await sleep(Date.parse(escalated.task!.firstResponseDueAt) + 500 - Date.now());
  const claim = service.claimTask(workflowId, issueId, escalated.task!.taskId, 'op-a').catch((e: Error) => e);
  await sleep(500);
  env.workers.push(await coldWorker(taskQueue, fake.activities));
  await claim;
  await service.reply(workflowId, issueId, 'op-a', 'Sorry for the wait').catch(() => undefined);
  await sleep(1_000);
  expect(await failedWorkflowTasks(workflowId)).toEqual([]);
  await replays(workflowId);
});
