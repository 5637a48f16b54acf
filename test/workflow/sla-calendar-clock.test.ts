/**
 * The task's SLA clock in the issue workflow, on the policy in force at escalation (recorded on the task): a
 * warning before the breach, the pause while the issue waits on the customer, next responses, and a resolution
 * breach that leaves the task with an operator who replied recently. Real dev server, real timers (seconds).
 * The calendar maths itself (nights, weekends, holidays, DST) is unit-tested in test/unit/sla-clock.test.ts and
 * in the workflow sandbox by sla-calendar-sandbox.test.ts; a closed calendar moving a due time is in
 * issue-workflow.test.ts (the dispatcher test).
 */
import type { IssueEvent } from '../../activities/types';
import { resolvePolicy } from '../../src/domain/policy';
import { resolveTargets, snapshotOfSupportPolicy, type PolicySnapshot } from '../../src/domain/sla';
import { recordHistoryIfAsked } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually } from '../support/temporal';

const policy = resolvePolicy('{}');

/** The policy an admin set up: these targets for every priority, on a 24/7 calendar. */
function policyInForce(targets: { firstResponse: string; nextResponse: string; resolution: string }, warningShare = 0.8): PolicySnapshot {
  return {
    ...snapshotOfSupportPolicy(policy),
    policyId: '6f1c7a52-4a0e-4f7e-9d55-2d8f8f2b8a01', policyName: 'Seconds', warningShare,
    targets: resolveTargets((['low', 'normal', 'high', 'urgent'] as const).map((priority) => ({ priority, ...targets }))),
  };
}

const env = workflowTestEnv();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('records the policy in force on the task, warns at its share of the target, then breaches once', async () => {
  const slaPolicy = policyInForce({ firstResponse: '8s', nextResponse: '60s', resolution: '60s' }, 0.5);
  const t = await startIssueHarness(env, { policy, fake: { slaPolicy } });
  await t.send('I want a person');
  const recorded = await t.stateWhen((s) => Boolean(s.task?.sla), 'the recorded policy');
  const task = recorded.task!;
  expect(task.sla).toMatchObject({ policyId: slaPolicy.policyId, calendarId: slaPolicy.calendarId });
  expect(Date.parse(task.firstResponseDueAt) - Date.parse(task.createdAt)).toBe(8_000);
  expect(Date.parse(task.sla!.warnAt!) - Date.parse(task.createdAt)).toBe(4_000);

  const warned = await t.stateWhen((s) => (s.task?.sla?.warned ?? []).includes('first_response'), 'the warning');
  expect(warned.breaches).toHaveLength(0);
  const breached = await t.stateWhen((s) => s.breaches.length === 1, 'the breach', 30_000);
  expect(breached.breaches[0]).toMatchObject({ kind: 'first_response', priorityBefore: 'normal', priorityAfter: 'high' });
  // the projection follows the state: wait until both events are written, then compare their times
  const [warning, breach] = await eventually(async () => {
    const events = t.fake.events();
    const found = [events.find((e) => e.type === 'sla_warning'), events.find((e) => e.type === 'sla_breached')];
    return found[0] && found[1] ? found as [IssueEvent, IssueEvent] : undefined;
  }, 20_000, 'the warning and breach events');
  expect(Date.parse(warning.at)).toBeLessThan(Date.parse(breach.at));
  expect(warning.data).toMatchObject({ taskId: task.taskId, kind: 'first_response', dueAt: task.firstResponseDueAt });
  await sleep(1_500);
  expect(t.fake.eventTypes().filter((x) => x === 'sla_warning')).toHaveLength(1);
  await env.client.workflow.getHandle(t.workflowId).terminate('test done');
  await recordHistoryIfAsked(env.client, t.workflowId, 'sla-warning-breach');
});

it('pauses while the issue waits on the customer; their next message starts a next response that can breach', async () => {
  const slaPolicy = policyInForce({ firstResponse: '30s', nextResponse: '2s', resolution: '4s' });
  const t = await startIssueHarness(env, { policy, fake: { slaPolicy } });
  const { issueId } = await t.send('I want a person');
  const escalated = await t.stateWhen((s) => Boolean(s.task?.sla), 'the task');
  await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
  await t.service.reply(t.workflowId, issueId, 'op-a', 'Could you send me the order number?');
  const paused = await t.stateWhen((s) => Boolean(s.task?.sla?.pausedSince), 'the pause');
  expect(paused.task!.firstRespondedAt).toBeDefined();
  expect(paused.task!.sla!.remainingMs!.resolution).toBeGreaterThan(2_000);

  // longer than the whole resolution target: nothing counts while the customer is asked
  await sleep(5_000);
  expect((await t.state()).breaches).toEqual([]);

  await t.send('It is 12345');
  const resumed = await t.stateWhen((s) => Boolean(s.task?.nextResponseDueAt), 'the next response');
  expect(resumed.task!.sla!.pausedSince).toBeUndefined();
  const nextBreach = await t.stateWhen((s) => s.breaches.some((b) => b.kind === 'next_response'), 'the next-response breach');
  // nobody answered the customer: the task goes back to the queue, one priority up
  expect(nextBreach.task).toMatchObject({ status: 'queued', priority: 'high' });
  expect(nextBreach.task!.breached).toContain('next_response');
  await env.client.workflow.getHandle(t.workflowId).terminate('test done');
  await recordHistoryIfAsked(env.client, t.workflowId, 'sla-paused-next-response');
});

it('keeps counting after "I will get back to you", and a resolution breach leaves the task with its holder who replied recently', async () => {
  const slaPolicy = policyInForce({ firstResponse: '30s', nextResponse: '30s', resolution: '6s' });
  const t = await startIssueHarness(env, { policy, fake: { slaPolicy } });
  const { issueId } = await t.send('I want a person');
  const escalated = await t.stateWhen((s) => Boolean(s.task?.sla), 'the task');
  await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
  await t.service.reply(t.workflowId, issueId, 'op-a', 'Checking with the warehouse, I will get back to you', undefined, undefined, { waitForCustomer: false });
  const breached = await t.stateWhen((s) => s.breaches.some((b) => b.kind === 'resolution'), 'the resolution breach', 15_000);
  expect(breached.task!.sla!.pausedSince).toBeUndefined();
  expect(breached.task).toMatchObject({ status: 'claimed', operatorId: 'op-a', priority: 'high' });
  expect(t.fake.eventTypes()).not.toContain('task_requeued');
  await t.service.resolve(t.workflowId, issueId, 'op-a');
  const resolved = await t.stateWhen((s) => s.status === 'resolved', 'resolved');
  // the closed task keeps the summary of its clock, not the clock with its policy
  expect(resolved.pastTasks.at(-1)).toMatchObject({ sla: { policyId: slaPolicy.policyId, breached: ['resolution'] } });
  expect(resolved.pastTasks.at(-1)).not.toHaveProperty('slaClock');
  await env.client.workflow.getHandle(t.workflowId).terminate('test done');
  await recordHistoryIfAsked(env.client, t.workflowId, 'sla-resolution-kept-by-holder');
});
