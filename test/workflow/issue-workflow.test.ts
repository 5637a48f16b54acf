/**
 * The issue workflow's state machine on the real Temporal dev server, with recorded activities.
 * Timers are real: the policies here use seconds.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { SwitchboardExperimentKey } from '../../src/experiments/experiment-search-attribute';
import { resolvePolicy } from '../../src/domain/policy';
import { twentyFourSeven } from '../../src/domain/calendar';
import { snapshotOfSupportPolicy } from '../../src/domain/sla';
import { IssueActionRefused } from '../../src/temporal/issue-service';
import { csatSignal } from '../../workflows/definitions';
import { classification, fakeActivities } from '../support/fake-activities';
import { recordHistoryIfAsked } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually } from '../support/temporal';

const slowPolicy = resolvePolicy(JSON.stringify({
  firstResponse: { urgent: '60s', high: '60s', normal: '60s', low: '60s' },
  resolution: { urgent: '120s', high: '120s', normal: '120s', low: '120s' },
  customerNudge: '60s', customerAutoClose: '120s', reopenWindow: '60s', csatWait: '30s',
}));

const env = workflowTestEnv();

function setup(fake: Parameters<typeof fakeActivities>[0] = {}, policy = slowPolicy, continueAsNewAfterEvents?: number) {
  return startIssueHarness(env, { fake, policy, continueAsNewAfterEvents });
}

describe('issue workflow', () => {
  it('answers from the assistant when it is confident, nudges, then auto-closes', async () => {
    const policy = resolvePolicy('{"customerNudge":"2s","customerAutoClose":"4s"}');
    const t = await setup({}, policy);
    const { issueId } = await t.send('How do I reset my password?');
    const waiting = await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
    expect(waiting.issueId).toBe(issueId);
    expect(waiting.messages.map((m) => m.author)).toEqual(['customer', 'assistant']);
    await t.delivered(/Forgot password/);
    const result = await env.client.workflow.getHandle(t.workflowId).result();
    expect(result).toMatchObject({ issueId, status: 'closed', resolvedBy: 'auto_close' });
    expect(t.fake.eventTypes()).toEqual(expect.arrayContaining(['created', 'classified', 'nudged', 'auto_closed']));
    await recordHistoryIfAsked(env.client, t.workflowId, 'answered-nudged-auto-closed');
    // answer, nudge, closing note: in that order, each once
    expect(t.fake.deliveries.map((d) => d.text)).toEqual([
      expect.stringContaining('Forgot password'), expect.stringContaining('anything else'), expect.stringContaining('closed'),
    ]);
  });

  it('drops a re-delivered message: one classification, one answer', async () => {
    const t = await setup();
    await t.send('How do I reset my password?', 'dup-1');
    await t.send('How do I reset my password?', 'dup-1');
    await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
    await t.send('and my password again?', 'dup-2');
    const s = await t.stateWhen((x) => x.messages.length === 4, 'second answer');
    expect(s.messages.filter((m) => m.author === 'customer').map((m) => m.externalMessageId)).toEqual(['dup-1', 'dup-2']);
    expect(t.fake.calls.classify).toBe(2);
    await eventually(async () => (t.fake.deliveries.length >= 2 ? true : undefined), 10_000, 'second delivery');
    await new Promise((r) => setTimeout(r, 500));
    expect(t.fake.deliveries).toHaveLength(2);
  });

  it('escalates on request, lets only the holder reply, resolves, asks for CSAT, then closes', async () => {
    const policy = resolvePolicy(JSON.stringify({
      firstResponse: { normal: '60s' }, resolution: { normal: '120s' }, reopenWindow: '3s', csatWait: '2s',
    }));
    const t = await setup({}, policy);
    const { issueId } = await t.send('I want to talk to a human');
    const escalated = await t.stateWhen((s) => s.status === 'escalated' && Boolean(s.task), 'escalation');
    const task = escalated.task!;
    expect(task).toMatchObject({ status: 'queued', reason: 'customer_asked_for_human', priority: 'normal' });
    expect(Date.parse(task.firstResponseDueAt) - Date.parse(task.createdAt)).toBe(60_000);
    expect(Date.parse(task.resolutionDueAt) - Date.parse(task.createdAt)).toBe(120_000);
    await t.delivered(/member of our support team/);
    expect(t.fake.calls.draft).toBe(0);

    await expect(t.service.reply(t.workflowId, issueId, 'op-a', 'hello')).rejects.toThrow(IssueActionRefused);
    await t.service.claimTask(t.workflowId, issueId, task.taskId, 'op-a');
    await expect(t.service.claimTask(t.workflowId, issueId, task.taskId, 'op-b')).rejects.toThrow(/already claimed/);
    await expect(t.service.reply(t.workflowId, issueId, 'op-b', 'hi')).rejects.toThrow(/only the operator holding it/);
    const { messageId } = await t.service.reply(t.workflowId, issueId, 'op-a', 'Hello, I am Anna. How can I help?');
    // The update returns once the reply is recorded in the workflow; delivery follows.
    expect((await t.deliveredId(messageId)).text).toContain('Anna');
    await expect(t.service.resolve(t.workflowId, issueId, 'op-b')).rejects.toThrow(/holding the task/);
    await t.service.resolve(t.workflowId, issueId, 'op-a');

    const resolved = await t.state();
    expect(resolved.status).toBe('resolved');
    expect(resolved.task).toBeUndefined();
    expect(resolved.pastTasks[0]).toMatchObject({ status: 'done', operatorId: 'op-a' });
    expect(resolved.pastTasks[0].firstRespondedAt).toBeDefined();
    await t.delivered(/from 1 \(poor\) to 5/);
    await t.service.submitCsat(t.workflowId, issueId, 5, 'great');
    await expect(t.service.resolve(t.workflowId, issueId, 'op-a')).rejects.toThrow(/already resolved/);
    const result = await env.client.workflow.getHandle(t.workflowId).result();
    expect(result).toMatchObject({ issueId, status: 'closed', resolvedBy: 'operator', csat: { score: 5, comment: 'great' } });
    expect(t.fake.eventTypes()).toEqual(expect.arrayContaining(['escalated', 'task_claimed', 'resolved', 'csat_requested', 'csat_received', 'closed']));
    await recordHistoryIfAsked(env.client, t.workflowId, 'escalated-claimed-replied-resolved-csat');
  });

  it('records an SLA breach once, raises the priority, re-queues the task and notifies a supervisor', async () => {
    const policy = resolvePolicy(JSON.stringify({
      firstResponse: { normal: '2s', high: '2s' }, resolution: { normal: '5s', high: '5s' },
    }));
    const t = await setup({}, policy);
    const { issueId } = await t.send('human please');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    const breached = await t.stateWhen((s) => s.breaches.length === 1, 'first-response breach');
    expect(breached.breaches[0]).toMatchObject({ kind: 'first_response', priorityBefore: 'normal', priorityAfter: 'high' });
    expect(breached.task).toMatchObject({ status: 'queued', priority: 'high', breached: ['first_response'] });
    expect(breached.task!.operatorId).toBeUndefined();
    const both = await t.stateWhen((s) => s.breaches.length === 2, 'resolution breach');
    expect(both.breaches[1]).toMatchObject({ kind: 'resolution', priorityBefore: 'high', priorityAfter: 'urgent' });
    // nothing more to breach: wait a while and make sure nothing is counted twice
    await new Promise((r) => setTimeout(r, 2_500));
    const later = await t.state();
    expect(later.breaches).toHaveLength(2);
    const types = t.fake.eventTypes();
    expect(types.filter((x) => x === 'sla_breached')).toHaveLength(2);
    expect(types.filter((x) => x === 'supervisor_notified')).toHaveLength(2);
    expect(types).toContain('task_requeued');
    await env.client.workflow.getHandle(t.workflowId).terminate('test done');
    await recordHistoryIfAsked(env.client, t.workflowId, 'sla-breaches');
  });

  it('escalates and tells the customer when the assistant keeps failing', async () => {
    const t = await setup({
      classify: () => {
        throw ApplicationFailure.retryable('LLM timed out', 'Timeout');
      },
    });
    await t.send('Where is my money?');
    const s = await t.stateWhen((x) => x.status === 'escalated', 'escalation after failures', 30_000);
    expect(s.task?.reason).toBe('assistant_unavailable');
    expect(t.fake.calls.classify).toBe(3);
    await t.delivered(/cannot answer right now/);
    expect(t.fake.eventTypes()).toContain('assistant_failed');
  });

  it('escalates a low-confidence answer and a negative message with higher priority', async () => {
    const t = await setup({
      classify: (input) => classification({ sentiment: /terrible/.test(input.text) ? 'negative' : 'neutral' }),
    });
    await t.send('Something odd happened with my thing');
    const low = await t.stateWhen((s) => s.status === 'escalated', 'low-confidence escalation');
    expect(low.task).toMatchObject({ reason: 'low_confidence', priority: 'normal' });

    const t2 = await setup({
      classify: () => classification({ sentiment: 'negative' }),
    });
    await t2.send('This is terrible service');
    const negative = await t2.stateWhen((s) => s.status === 'escalated', 'negative escalation');
    expect(negative.task).toMatchObject({ reason: 'negative_sentiment', priority: 'high' });
    expect(t2.fake.calls.draft).toBe(0);
  });

  it('keeps the assistant\'s draft on the task for the operator, and drops it once the task is done', async () => {
    const article = { articleId: 'kb-7', title: 'Returns', score: 0.4 };
    const t = await setup({
      draft: async () => ({
        decision: 'escalate', text: 'You can return the item within 30 days.', confidence: 0.3, citations: [],
        retrieved: [article], reason: 'not sure', source: 'offline',
      }),
    });
    const { issueId } = await t.send('Can I send this back?');
    const escalated = await t.stateWhen((s) => s.status === 'escalated', 'the escalation');
    expect(escalated.task).toMatchObject({
      reason: 'low_confidence', language: 'en',
      draft: { text: 'You can return the item within 30 days.', source: 'offline', citations: [article] },
    });
    // the Temporal UI's one line for the issue: no personal data, the status, category, priority and SLA due time
    const metadata = await env.client.workflow.getHandle(t.workflowId).query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe(`escalated · ${escalated.classification!.category} · normal · task queued · SLA due ${escalated.task!.firstResponseDueAt}`);
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    const resolved = await t.stateWhen((s) => s.status === 'resolved', 'resolved');
    expect(resolved.pastTasks.at(-1)).not.toHaveProperty('draft');
  });

  it('tells a customer who waits while the team is open but nobody suitable is online by when they will be answered', async () => {
    const t = await setup({
      notifyDispatcher: (input) => ({ workflowId: `dispatcher:${input.teamId ?? 'default'}`, availability: { suitableOnline: 0, withFreeCapacity: 0 } }),
      slaPolicy: snapshotOfSupportPolicy(slowPolicy, twentyFourSeven('UTC')),
    });
    await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    const busy = await t.delivered(/We will answer you by/);
    // the first-response due time of the policy in force (60 s from escalation), on the calendar's clock
    const due = new Date(Date.parse(escalated.task!.createdAt) + 60_000).toISOString().slice(11, 16);
    // (" on <day>" when the due time falls on the next day there)
    expect(busy.text).toMatch(new RegExp(`^All our team members are busy right now\\. We will answer you by ${due}( on \\w+ \\d+ \\w+)? \\(UTC time\\)\\.$`));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(t.fake.deliveries.filter((d) => /busy right now/.test(d.text))).toHaveLength(1);
  });

  it('tells the team dispatcher about the task as it changes, and the customer when the closed team is back', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const t = await setup({
      // nobody suitable online, and the team's calendar is closed today and tomorrow (holidays)
      notifyDispatcher: (input) => ({ workflowId: `dispatcher:${input.teamId ?? 'default'}`, availability: { suitableOnline: 0, withFreeCapacity: 0 } }),
      slaPolicy: snapshotOfSupportPolicy(slowPolicy, { ...twentyFourSeven('UTC'), holidays: [day(0), day(1)] }),
    });
    const { issueId } = await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    const back = await t.delivered(/We are back on/);
    expect(back.text).toContain('at 00:00 (UTC time)');
    const taskId = escalated.task!.taskId;
    expect(t.fake.dispatcherNotices[0]).toMatchObject({ signal: 'taskWaiting', payload: { taskId, issueId, priority: 'normal', language: 'en' } });
    await t.service.claimTask(t.workflowId, issueId, taskId, 'op-a');
    await eventually(async () => (t.fake.dispatcherNotices.some((n) => n.signal === 'taskTaken') ? true : undefined), 20_000, 'taskTaken');
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    await eventually(async () => (t.fake.dispatcherNotices.some((n) => n.signal === 'taskClosed') ? true : undefined), 20_000, 'taskClosed');
    // the second notice: the task recorded the policy in force, whose calendar puts the first-response due time
    // after the holidays (60 s of open time from 00:00 the day after tomorrow)
    expect(t.fake.dispatcherNotices.map((n) => n.signal)).toEqual(['taskWaiting', 'taskWaiting', 'taskTaken', 'taskClosed']);
    expect(t.fake.dispatcherNotices[1]!.payload).toMatchObject({ taskId, dueAt: `${day(2)}T00:01:00.000Z` });
    // told once
    expect(t.fake.deliveries.filter((d) => /We are back on/.test(d.text))).toHaveLength(1);
  });

  it('reopens the same issue for a message within the reopen window; a message after closing starts a new issue', async () => {
    const policy = resolvePolicy('{"reopenWindow":"4s","csatWait":"1s"}');
    const t = await setup({}, policy);
    const first = await t.send('talk to a human');
    const firstRunId = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
    const s1 = await t.stateWhen((s) => Boolean(s.task), 'task');
    await t.service.claimTask(t.workflowId, first.issueId, s1.task!.taskId, 'op-a');
    await t.service.resolve(t.workflowId, first.issueId, 'op-a');
    const again = await t.send('it broke again');
    expect(again.issueId).toBe(first.issueId);
    const reopened = await t.stateWhen((s) => s.reopenCount === 1 && Boolean(s.task), 'reopen');
    expect(reopened.task).toMatchObject({ reason: 'reopened', status: 'queued' });
    await t.service.claimTask(t.workflowId, first.issueId, reopened.task!.taskId, 'op-a');
    await t.service.resolve(t.workflowId, first.issueId, 'op-a');
    await env.client.workflow.getHandle(t.workflowId).result();

    const next = await t.send('How do I reset my password?');
    expect(next.issueId).not.toBe(first.issueId);
    const fresh = await t.stateWhen((s) => s.status === 'waiting_customer', 'new issue answer');
    expect(fresh.issueId).toBe(next.issueId);
    expect(fresh.messages).toHaveLength(2);
    await recordHistoryIfAsked(env.client, t.workflowId, 'resolved-reopened-resolved-closed', firstRunId);
    await expect(t.service.submitCsat(t.workflowId, first.issueId, 4)).rejects.toThrow(/closed/);
  });

  it('continues as new with a low threshold, carrying the state, the dedup set and the experiment variants', async () => {
    const t = await startIssueHarness(env, {
      policy: slowPolicy, continueAsNewAfterEvents: 40,
      experiments: {
        assign: async () => [{ experimentId: 'exp-1', setting: 'greeting', variant: 'b', tag: 'exp-1:b' }],
        record: async () => {},
      },
    });
    await t.send('password one', 'c1');
    await t.stateWhen((s) => s.messages.length === 2, 'first answer');
    const firstRun = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
    for (let i = 2; i <= 6; i += 1) {
      await t.send(`password number ${i}`, `c${i}`);
      await t.stateWhen((s) => s.messages.length === i * 2, `answer ${i}`);
    }
    const description = await env.client.workflow.getHandle(t.workflowId).describe();
    expect(description.runId).not.toBe(firstRun);
    expect(description.memo?.issueId).toBeDefined();
    expect(description.typedSearchAttributes.get(SwitchboardExperimentKey)).toEqual(['exp-1:b']);
    // a re-delivery of a message from the first run is still recognised
    await t.send('password one', 'c1');
    await t.send('password seven', 'c7');
    const s = await t.stateWhen((x) => x.messages.length === 14, 'answer after continue-as-new');
    expect(s.messages.filter((m) => m.author === 'customer')).toHaveLength(7);
    expect(t.fake.calls.classify).toBe(7);
    const { issueId } = await t.send('password eight', 'c8');
    expect(issueId).toBe(s.issueId);
    await recordHistoryIfAsked(env.client, t.workflowId, 'continued-as-new-first-run', firstRun);
  });

  it('ignores a CSAT signal when no rating was asked for', async () => {
    const t = await setup();
    await t.send('reset password');
    await t.stateWhen((s) => s.status === 'waiting_customer', 'answer');
    await env.client.workflow.getHandle(t.workflowId).signal(csatSignal, { score: 5 });
    const s = await t.state();
    expect(s.csat).toBeUndefined();
  });

  it('sends an operator reply through the channel the operator chose and records a delivery that fails for good', async () => {
    const t = await setup({
      deliver: (input) => {
        if (input.channel === 'telegram') throw ApplicationFailure.nonRetryable('bot was blocked by the user', 'PermanentDeliveryError');
      },
    });
    const { issueId } = await t.send('human please');
    const s1 = await t.stateWhen((s) => Boolean(s.task), 'task');
    await t.service.claimTask(t.workflowId, issueId, s1.task!.taskId, 'op-a');
    const sent = await t.service.reply(t.workflowId, issueId, 'op-a', 'Answering on the app', undefined, 'api');
    expect((await t.deliveredId(sent.messageId)).channel).toBe('api');
    const failed = await t.service.reply(t.workflowId, issueId, 'op-a', 'Trying Telegram', undefined, 'telegram');
    const s2 = await t.stateWhen((s) => (s.deliveryFailures?.length ?? 0) === 1, 'the recorded failure');
    expect(s2.deliveryFailures![0]).toMatchObject({ messageId: failed.messageId, channel: 'telegram', error: 'bot was blocked by the user' });
    expect(s2.messages.find((m) => m.id === failed.messageId)?.channel).toBe('telegram');
    // projected after the state changed (the projection follows the change)
    await eventually(async () => (t.fake.eventTypes().includes('delivery_failed') ? true : undefined), 10_000, 'the projected failure');
  });

  it('asks one clarifying question, and hands over when the answer is still unclear', async () => {
    const t = await setup({
      draft: () => ({
        decision: 'clarify', text: 'Is this about your card or your account?', confidence: 0.4, citations: [], reason: 'ambiguous', source: 'offline',
      }),
    });
    await t.send('it does not work');
    const asked = await t.stateWhen((s) => s.status === 'waiting_customer', 'the clarifying question');
    expect(asked.audit?.at(-1)).toMatchObject({ decision: 'clarify', reason: 'ambiguous' });
    await t.delivered(/card or your account/);
    await t.send('the thing');
    const escalated = await t.stateWhen((s) => s.status === 'escalated', 'hand-over after a second unclear turn');
    expect(escalated.audit?.at(-1)).toMatchObject({ decision: 'escalate', reason: 'still unclear after a clarifying question' });
    expect(escalated.task?.reason).toBe('low_confidence');
  });
});
