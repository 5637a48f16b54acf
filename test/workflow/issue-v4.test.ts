/**
 * New issues start as supportIssueWorkflowV4: the issue workflow with every patch of the V3 era from its first
 * event (workflows/patches.ts), so a new issue's history has no patch marker and no TemporalChangeVersion upsert
 * (two of the fifteen events of its first answered message before). Issues started on V3 keep running on the same
 * code, asking Temporal for their patches, and go on as V4 when they continue as new.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { InboundMessage } from '../../src/domain/issue';
import { resolvePolicy } from '../../src/domain/policy';
import { issueWorkflowId } from '../../src/temporal/issue-service';
import { customerMessageSignal, issueStateQuery } from '../../workflows/definitions';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';
import { eventually } from '../support/temporal';

const policy = resolvePolicy(JSON.stringify({ customerNudge: '60s', customerAutoClose: '120s' }));
const env = workflowTestEnv();
const { EventType } = temporal.api.enums.v1;

async function historyOf(workflowId: string, runId?: string) {
  return (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}
const markers = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED).length;
const changeVersionUpserts = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  events.filter((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})
    .includes('TemporalChangeVersion')).length;

it('starts a new issue as V4, answered without a patch marker or a change-version upsert', async () => {
  const t = await startIssueHarness(env, { policy });
  await t.send('How do I reset my password?');
  await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
  const described = await env.client.workflow.getHandle(t.workflowId).describe();
  expect(described.type).toBe('supportIssueWorkflowV4');
  const events = await historyOf(t.workflowId);
  expect(markers(events)).toBe(0);
  expect(changeVersionUpserts(events)).toBe(0);
});

it('keeps an issue started on V3 running on its patches, and continues it as V4', async () => {
  const t = await startIssueHarness(env, { policy });
  const customerId = randomUUID();
  const workflowId = issueWorkflowId(customerId);
  const message = (n: number): InboundMessage => ({
    channel: 'api', externalMessageId: `v3-${n}`, customerId, text: `password question ${n}`, receivedAt: new Date().toISOString(),
  });
  // as the gateway of the last release started issues
  await env.client.workflow.signalWithStart('supportIssueWorkflowV3', {
    taskQueue: t.taskQueue, workflowId,
    args: [{ issueId: randomUUID(), customerId, channel: 'api', policy, continueAsNewAfterEvents: 40 }],
    signal: customerMessageSignal, signalArgs: [message(1)],
  });
  const handle = env.client.workflow.getHandle(workflowId);
  await eventually(async () => ((await handle.query(issueStateQuery)).status === 'waiting_customer' ? true : undefined), 20_000, 'the V3 answer');
  const firstRun = await handle.describe();
  expect(firstRun.type).toBe('supportIssueWorkflowV3');
  expect(markers(await historyOf(workflowId, firstRun.runId))).toBeGreaterThan(0); // it asked Temporal for its patches

  // a longer conversation: past 40 events the run continues as new, as V4
  for (let n = 2; n <= 6; n += 1) {
    await handle.signal(customerMessageSignal, message(n));
    await eventually(async () => (t.fake.deliveries.filter((d) => d.text.length > 0).length >= n ? true : undefined), 20_000, `answer ${n}`);
  }
  const latest = await eventually(async () => {
    const d = await handle.describe();
    return d.runId !== firstRun.runId ? d : undefined;
  }, 20_000, 'the continued run');
  expect(latest.type).toBe('supportIssueWorkflowV4');
  const state = await eventually(async () => {
    const s = await handle.query(issueStateQuery);
    return s.messages.filter((m) => m.author === 'assistant').length >= 6 ? s : undefined;
  }, 20_000, 'every answer in the continued run');
  expect(state.messages.filter((m) => m.author === 'customer').map((m) => m.text))
    .toEqual(Array.from({ length: 6 }, (_, i) => `password question ${i + 1}`));
}, 90_000);
