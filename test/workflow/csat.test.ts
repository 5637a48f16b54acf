/**
 * The CSAT question in the issue workflow on the real dev server (fake activities, real timers in seconds):
 * CSAT_MODE off / operator / always, exactly one reminder, a rating after it, a comment typed after the rating.
 */
import { resolvePolicy } from '../../src/domain/policy';
import { withCsatSettings } from '../../src/csat/csat-settings';
import { csatSignal } from '../../workflows/definitions';
import path from 'node:path';
import { RECORD_DIR, saveHistory } from '../support/history-recorder';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';

/** SWITCHBOARD_RECORD_HISTORIES=1 saves these runs into test/replay/histories/v3-csat/ for the replay test. */
async function recordIfAsked(workflowId: string, name: string): Promise<void> {
  if (process.env.SWITCHBOARD_RECORD_HISTORIES) await saveHistory(workflowId, path.join(RECORD_DIR, `csat-${name}.json`));
}

const env = workflowTestEnv();

function policyWith(csat: Record<string, string>, support: Record<string, unknown> = {}) {
  return withCsatSettings(resolvePolicy(JSON.stringify({
    firstResponse: { normal: '60s' }, resolution: { normal: '120s' }, reopenWindow: '3s', csatWait: '4s',
    customerNudge: '1s', customerAutoClose: '2s', ...support,
  })), csat);
}

/** An issue escalated, claimed, answered and resolved by operator op-a. */
async function resolvedByOperator(t: Awaited<ReturnType<typeof startIssueHarness>>) {
  const { issueId } = await t.send('I want to talk to a human');
  const task = (await t.stateWhen((s) => Boolean(s.task), 'escalation')).task!;
  await t.service.claimTask(t.workflowId, issueId, task.taskId, 'op-a');
  await t.service.reply(t.workflowId, issueId, 'op-a', 'Done, the refund is on its way.');
  await t.service.resolve(t.workflowId, issueId, 'op-a');
  return issueId;
}

const prompts = (t: Awaited<ReturnType<typeof startIssueHarness>>) =>
  t.fake.deliveries.filter((d) => d.message?.kind).map((d) => d.message!.kind);

describe('CSAT in the issue workflow', () => {
  it('off: an operator\'s resolution asks nothing, and a rating sent anyway is ignored', async () => {
    const t = await startIssueHarness(env, { policy: policyWith({ CSAT_MODE: 'off' }) });
    await resolvedByOperator(t);
    await env.client.workflow.getHandle(t.workflowId).signal(csatSignal, { score: 5 });
    const result = await env.client.workflow.getHandle(t.workflowId).result();
    expect(result).toMatchObject({ status: 'closed', resolvedBy: 'operator' });
    expect(result.csat).toBeUndefined();
    expect(t.fake.eventTypes()).not.toContain('csat_requested');
    expect(t.fake.deliveries.map((d) => d.text).join('\n')).not.toMatch(/1 \(poor\) to 5/);
  });

  it('operator: asks after an operator\'s resolution, with the operator it rates; not after the assistant\'s', async () => {
    const policy = policyWith({ CSAT_MODE: 'operator', CSAT_REMINDER_AFTER: 'off' });
    const byAssistant = await startIssueHarness(env, { policy });
    await byAssistant.send('How do I reset my password?');
    const closed = await env.client.workflow.getHandle(byAssistant.workflowId).result();
    expect(closed).toMatchObject({ status: 'closed', resolvedBy: 'auto_close' });
    expect(byAssistant.fake.eventTypes()).not.toContain('csat_requested');

    const byOperator = await startIssueHarness(env, { policy });
    await resolvedByOperator(byOperator);
    const question = await byOperator.delivered(/1 \(poor\) to 5/);
    expect(question.message?.kind).toBe('csat_question');
    await byOperator.send('4 — slow but fine');
    const result = await env.client.workflow.getHandle(byOperator.workflowId).result();
    // the rating with its comment, never a reopening
    expect(result.csat).toMatchObject({ score: 4, comment: 'slow but fine', channel: 'api', operatorId: 'op-a' });
    expect(byOperator.fake.eventTypes()).not.toContain('reopened');
    expect(prompts(byOperator)).toEqual(['csat_question']);
    await recordIfAsked(byOperator.workflowId, 'operator-rated-with-comment');
  });

  it('always: the assistant\'s issue that closed itself is rated too, and the workflow waits for that rating', async () => {
    const t = await startIssueHarness(env, { policy: policyWith({ CSAT_MODE: 'always', CSAT_REMINDER_AFTER: 'off' }, { csatWait: '20s' }) });
    await t.send('How do I reset my password?');
    const question = await t.delivered(/help you got/);
    expect(question.message?.kind).toBe('csat_question');
    expect((await t.state()).status).toBe('closed');
    await t.send('5 — thanks!');
    const result = await env.client.workflow.getHandle(t.workflowId).result();
    expect(result).toMatchObject({ status: 'closed', resolvedBy: 'auto_close', csat: { score: 5, comment: 'thanks!' } });
    expect(t.fake.eventTypes()).not.toContain('reopened');
    expect(t.fake.events().find((e) => e.type === 'csat_requested')?.data).toMatchObject({ by: 'assistant' });
    await recordIfAsked(t.workflowId, 'assistant-closed-then-rated');
  });

  it('reminds exactly once when no rating came, and a rating after the reminder still counts', async () => {
    const policy = policyWith({ CSAT_MODE: 'always', CSAT_REMINDER_AFTER: '1s' }, { csatWait: '8s', reopenWindow: '8s' });
    const silent = await startIssueHarness(env, { policy });
    await resolvedByOperator(silent);
    await env.client.workflow.getHandle(silent.workflowId).result();
    expect(prompts(silent)).toEqual(['csat_question', 'csat_reminder']);
    expect(silent.fake.eventTypes().filter((e) => e === 'csat_reminded')).toHaveLength(1);
    await recordIfAsked(silent.workflowId, 'reminded-once-never-rated');

    const late = await startIssueHarness(env, { policy });
    const issueId = await resolvedByOperator(late);
    await late.delivered(/quick reminder/);
    await late.service.submitCsat(late.workflowId, issueId, 3, 'ok in the end');
    const rated = await late.stateWhen((s) => Boolean(s.csat), 'the rating');
    expect(rated.csat).toMatchObject({ score: 3, comment: 'ok in the end', operatorId: 'op-a' });
    await env.client.workflow.getHandle(late.workflowId).result();
    expect(prompts(late)).toEqual(['csat_question', 'csat_reminder']);
    await recordIfAsked(late.workflowId, 'reminded-then-rated');
  });
});
