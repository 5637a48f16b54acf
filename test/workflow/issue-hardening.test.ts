/**
 * The issue workflow under the conditions the hardening issue measured: slow channels, bursts, late actions,
 * retries across continue-as-new, long conversations. Real Temporal dev server, recorded activities.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { resolvePolicy, type SupportPolicy } from '../../src/domain/policy';
import { STATE_BUDGET_BYTES, stateBytes } from '../../src/domain/state-budget';
import { classification, fakeActivities } from '../support/fake-activities';
import { recordHistoryIfAsked } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually, startWorker, workflowBundlePath } from '../support/temporal';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = workflowTestEnv();

const policyOf = (json: object) => resolvePolicy(JSON.stringify(json));

async function setup(options: Parameters<typeof fakeActivities>[0], policy: SupportPolicy, continueAsNewAfterEvents?: number) {
  // Delivery times, to judge when the customer actually received a message.
  const deliveredAt = new Map<string, number>();
  const t = await startIssueHarness(env, {
    fake: options, policy, continueAsNewAfterEvents, waitMs: 30_000,
    beforeWorker(fake) {
      const deliver = fake.activities.deliverMessage;
      fake.activities.deliverMessage = async (input) => {
        const result = await deliver(input);
        deliveredAt.set(input.messageId, Date.now());
        return result;
      };
    },
  });
  return { ...t, delivery: t.delivered, deliveredAt };
}

describe('issue workflow under load and faults', () => {
  it('replays a conversation whose turns, projections and deliveries overlapped', async () => {
    const t = await setup({
      // slow projections overlap the turns and deliveries, as a busy database does
      project: async () => { await sleep(150); },
    }, policyOf({}));
    const { issueId } = await t.send('How do I reset my password?');
    await t.send('and my password hint?');
    await t.delivery(/Forgot password/);
    await t.send('I want a human now');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    await t.service.reply(t.workflowId, issueId, 'op-a', 'Here I am');
    await t.send('thanks');
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    await t.delivery(/from 1 \(poor\) to 5/);
    await sleep(500);
    const history = await env.client.workflow.getHandle(t.workflowId).fetchHistory();
    const { Worker } = await import('@temporalio/worker');
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() } }, history, t.workflowId))
      .resolves.toBeUndefined();
    await recordHistoryIfAsked(env.client, t.workflowId, 'overlapping-turns-and-deliveries');
  });

  it('keeps the SLA clock running while a slow channel delivers: the breach is recorded at its due time', async () => {
    // The escalation notice takes 5 s to deliver; the first-response target is 1 s.
    const t = await setup({ deliver: async (d) => { if (/support team/.test(d.text)) await sleep(5_000); } },
      policyOf({ firstResponse: { normal: '1s', high: '1s' }, resolution: { normal: '60s', high: '60s' } }));
    const { issueId } = await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    const s = await t.stateWhen((x) => x.breaches.length >= 1, 'the first-response breach', 10_000);
    expect(t.fake.deliveries).toHaveLength(0); // the notice is still on its way
    expect(s.breaches).toEqual([expect.objectContaining({ kind: 'first_response', dueAt: escalated.task!.firstResponseDueAt })]);
    expect(s.task).toMatchObject({ status: 'queued', priority: 'high' });
  });

  it('records a breach for an action that came after the due time while no worker was running, once', async () => {
    const t = await setup({}, policyOf({ firstResponse: { normal: '2s', high: '2s' }, resolution: { normal: '60s', high: '60s' } }));
    const { issueId } = await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    await env.workers[0]!.stop();
    env.workers.splice(0);
    await sleep(Math.max(0, Date.parse(escalated.task!.firstResponseDueAt) + 1_000 - Date.now()));
    env.workers.push(await startWorker(t.taskQueue, t.fake.activities));
    // The reply and the timer reach the workflow together: either the reply reveals the breach (and keeps the
    // task), or the timer records it first (and the task goes back to the queue, refusing the reply).
    const replied = await t.service.reply(t.workflowId, issueId, 'op-a', 'Sorry for the wait').then(() => true, () => false);
    const s = await t.stateWhen((x) => x.breaches.length >= 1, 'the first-response breach', 30_000);
    await sleep(500);
    const later = await t.state();
    expect(later.breaches).toHaveLength(1);
    expect(s.breaches[0]).toMatchObject({ kind: 'first_response', dueAt: escalated.task!.firstResponseDueAt });
    expect(later.task?.status).toBe(replied ? 'claimed' : 'queued');
    // (a restarted worker can take a while to get the workflow's tasks: the old worker's sticky queue times out)
    await eventually(async () => (t.fake.eventTypes().includes('sla_breached') ? true : undefined), 30_000, 'the projected breach');
    expect(t.fake.eventTypes().filter((e) => e === 'sla_breached')).toHaveLength(1);
  });

  it('counts the nudge from when the answer reached the customer, not from when it was written', async () => {
    const t = await setup({ deliver: async (d) => { if (/Forgot password/.test(d.text)) await sleep(3_000); } },
      policyOf({ customerNudge: '2s', customerAutoClose: '60s' }));
    await t.send('How do I reset my password?');
    const answer = await t.delivery(/Forgot password/);
    await t.delivery(/anything else/);
    const nudgedAfter = t.deliveredAt.get(t.fake.deliveries.find((d) => /anything else/.test(d.text))!.messageId)!
      - t.deliveredAt.get(answer.messageId)!;
    expect(nudgedAfter).toBeGreaterThanOrEqual(2_000);
  });

  it('answers a burst written during a turn in one next turn, each message shown to the model once', async () => {
    let first = true;
    const t = await setup({
      classify: async (input) => {
        if (first) {
          first = false;
          await sleep(2_500);
        }
        return classification({ wantsHuman: /human/i.test(input.text) });
      },
    }, policyOf({}));
    await t.send('How do I reset my password?');
    await eventually(async () => (t.fake.turns.length === 1 ? true : undefined), 10_000, 'the first turn');
    await t.send('I also forgot my password hint');
    await t.send('and my password recovery e-mail changed');
    await t.stateWhen((s) => s.messages.filter((m) => m.author === 'assistant').length === 2, 'two answers');
    expect(t.fake.turns).toHaveLength(2);
    expect(t.fake.turns[1]!.text).toBe('I also forgot my password hint\nand my password recovery e-mail changed');
    // history holds what came before the turn, never the messages being answered
    for (const turn of t.fake.turns) {
      for (const h of turn.history) expect(turn.text).not.toContain(h.text);
    }
    expect(t.fake.turns[1]!.history.map((h) => h.author)).toEqual(['customer', 'assistant']);
  });

  it('refuses to resolve while the assistant is answering, so the rating question never comes first', async () => {
    const t = await setup({
      classify: async () => {
        await sleep(3_000);
        return classification();
      },
    }, policyOf({}));
    const { issueId } = await t.send('How do I reset my password?');
    await eventually(async () => (t.fake.turns.length === 1 ? true : undefined), 10_000, 'the turn');
    await expect(t.service.resolve(t.workflowId, issueId, 'op-a')).rejects.toThrow(/assistant is answering/);
    await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    await t.delivery(/from 1 \(poor\) to 5/);
    const texts = t.fake.deliveries.map((d) => d.text);
    expect(texts.findIndex((x) => /Forgot password/.test(x))).toBeLessThan(texts.findIndex((x) => /from 1 \(poor\)/.test(x)));
    expect((await t.state()).status).toBe('resolved');
  });

  it('takes a bare "5" after the rating question as the rating, not as a reopening, within csatWait only', async () => {
    const t = await setup({}, policyOf({ reopenWindow: '60s', csatWait: '3s' }));
    const { issueId } = await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    await t.delivery(/from 1 \(poor\) to 5/);
    await t.send('5');
    const rated = await t.stateWhen((s) => Boolean(s.csat), 'the rating');
    expect(rated).toMatchObject({ status: 'resolved', csat: { score: 5 } });
    expect(rated.task).toBeUndefined();
    expect(t.fake.eventTypes()).not.toContain('reopened');
    // a second rating does not count, and after csatWait a bare number is a message like any other
    await sleep(3_200);
    await t.send('4');
    const reopened = await t.stateWhen((s) => s.status === 'escalated', 'the reopening');
    expect(reopened.csat).toBeUndefined();
    expect(reopened.csatAskedAt).toBeUndefined();
    expect(reopened.task).toMatchObject({ reason: 'reopened' });
  });

  it('keeps a projection PostgreSQL refuses from stalling the issue: the customer is answered, the failure recorded', async () => {
    const t = await setup({
      project: (change) => {
        if (change.messages?.some((m) => m.text.includes('\u0000'))) {
          throw ApplicationFailure.nonRetryable('invalid byte sequence for encoding "UTF8": 0x00', 'ProjectionRefused');
        }
      },
    }, policyOf({}));
    await t.send('How do I reset my password?\u0000');
    await t.delivery(/Forgot password/);
    const s = await t.stateWhen((x) => (x.failures?.length ?? 0) >= 1, 'the recorded failure');
    expect(s.failures![0]).toMatchObject({ step: 'projection', error: expect.stringContaining('0x00') });
    expect(s.status).toBe('waiting_customer');
  });

  it('writes the change a failed turn carried: a database outage through all its retries loses no message', async () => {
    let outage = 3; // the turn's three attempts all meet the outage
    const t = await setup({
      project: () => {
        if (outage > 0) {
          outage -= 1;
          throw ApplicationFailure.retryable('Connection terminated unexpectedly', 'Error');
        }
      },
    }, policyOf({}));
    await t.send('How do I reset my password?', 'outage-1');
    await t.stateWhen((s) => s.status === 'escalated', 'the escalation after the failed turn', 30_000);
    const projected = await eventually(async () => t.fake.projections.flatMap((p) => p.messages ?? [])
      .find((m) => m.externalMessageId === 'outage-1'), 20_000, 'the customer message in PostgreSQL');
    expect(projected.author).toBe('customer');
    expect(t.fake.eventTypes()).toContain('message_received');
  });

  it('applies an operator reply once when it is retried with the same request id, across continue-as-new', async () => {
    const t = await setup({}, policyOf({}), 120);
    const { issueId } = await t.send('I want a human');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    const first = await t.service.reply(t.workflowId, issueId, 'op-a', 'We are on it', 'req-1');
    const runBefore = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
    // enough messages to pass the continue-as-new threshold
    for (let i = 0; i < 40; i += 1) await t.send(`note ${i}`);
    await eventually(async () => {
      const run = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
      return run !== runBefore ? run : undefined;
    }, 30_000, 'continue-as-new');
    const again = await t.service.reply(t.workflowId, issueId, 'op-a', 'We are on it', 'req-1');
    expect(again.messageId).toBe(first.messageId);
    await t.service.resolve(t.workflowId, issueId, 'op-a', 'res-1');
    await expect(t.service.resolve(t.workflowId, issueId, 'op-a', 'res-1')).resolves.toEqual({ status: 'resolved' });
    await t.delivery(/from 1 \(poor\) to 5/);
    await sleep(500);
    expect(t.fake.deliveries.filter((d) => d.text === 'We are on it')).toHaveLength(1);
    expect(t.fake.deliveries.filter((d) => /from 1 \(poor\)/.test(d.text))).toHaveLength(1);
  });

  it('keeps a 1,000-message Cyrillic conversation within the state budget through claims, replies and continue-as-new', async () => {
    const t = await setup({}, policyOf({}), 2_000);
    const long = 'Здравствуйте! Посылка пришла повреждённой, коробка смята, товар разбит. '.repeat(40); // ~2,900 chars
    const { issueId } = await t.send('Хочу поговорить с человеком (human)');
    const escalated = await t.stateWhen((s) => Boolean(s.task), 'the task');
    await t.service.claimTask(t.workflowId, issueId, escalated.task!.taskId, 'op-a');
    const runBefore = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
    for (let batch = 0; batch < 100; batch += 1) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => t.send(`${batch * 10 + i}: ${long}`)));
    }
    const s = await t.stateWhen((x) => x.messages.length > 0 && x.olderMessageCount + x.messages.length >= 1_002, 'all messages', 120_000);
    expect(stateBytes(s)).toBeLessThan(STATE_BUDGET_BYTES);
    const reply = await t.service.reply(t.workflowId, issueId, 'op-a', 'Мы отправим замену сегодня.');
    await eventually(async () => t.fake.deliveries.find((d) => d.messageId === reply.messageId), 20_000, 'the reply');
    const runAfter = (await env.client.workflow.getHandle(t.workflowId).describe()).runId;
    expect(runAfter).not.toBe(runBefore); // continued as new, carrying the state
    await t.service.resolve(t.workflowId, issueId, 'op-a');
    expect((await t.state()).status).toBe('resolved');
    await recordHistoryIfAsked(env.client, t.workflowId, 'long-cyrillic-conversation', runBefore);
  }, 240_000);
});
