/**
 * New issues start as supportIssueWorkflowV4: the issue workflow with every patch of the V3 era from its first
 * event (workflows/patches.ts), so a new issue's history has no patch marker and no TemporalChangeVersion upsert
 * (two of the fifteen events of its first answered message before). Issues started on V3 keep running on the same
 * code, asking Temporal for their patches, and go on as V4 when they continue as new. Changes made after V4 are
 * named in the run's input by the gateway (ISSUE_PATCHES): a run started before such a change asks Temporal, and a
 * worker refuses a run that names a change it does not know.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { InboundMessage, IssueWorkflowInput } from '../../src/domain/issue';
import { resolvePolicy } from '../../src/domain/policy';
import { issueWorkflowId } from '../../src/temporal/issue-service';
import { customerMessageSignal, issueStateQuery } from '../../workflows/definitions';
import { ATTRIBUTES_AFTER_TURN_PATCH } from '../../workflows/patches';
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
const attributeUpserts = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  events.filter((e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).length;
const changeVersionUpserts = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  events.filter((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})
    .includes('TemporalChangeVersion')).length;

/** Starts an issue of `type` with the first of its messages, as an earlier gateway did (input without ISSUE_PATCHES). */
async function startAsAnEarlierGateway(taskQueue: string, type: string, extra: Partial<IssueWorkflowInput>) {
  const customerId = randomUUID();
  const workflowId = issueWorkflowId(customerId);
  const message = (n: number): InboundMessage => ({
    channel: 'api', externalMessageId: `m-${n}`, customerId, text: `password question ${n}`, receivedAt: new Date().toISOString(),
  });
  const input: IssueWorkflowInput = { issueId: randomUUID(), customerId, channel: 'api', policy, ...extra };
  await env.client.workflow.signalWithStart(type, {
    taskQueue, workflowId, args: [input], signal: customerMessageSignal, signalArgs: [message(1)],
  });
  return { handle: env.client.workflow.getHandle(workflowId), message, workflowId };
}

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
  // as the gateway of the last release but one started issues
  const { handle, message, workflowId } = await startAsAnEarlierGateway(t.taskQueue, 'supportIssueWorkflowV3', { continueAsNewAfterEvents: 40 });
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

const markerNames = (events: temporal.api.history.v1.IHistoryEvent[]) => events
  .filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)
  .map((e) => Buffer.from(e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data ?? []).toString());

it('upserts the search attributes once for three answered messages, not around every turn', async () => {
  const t = await startIssueHarness(env, { policy });
  for (let n = 1; n <= 3; n += 1) {
    await t.send(`How do I reset my password? (${n})`);
    await eventually(async () => (t.fake.deliveries.filter((d) => d.text.length > 0).length >= n ? true : undefined), 20_000, `answer ${n}`);
  }
  await t.stateWhen((s) => s.status === 'waiting_customer' && s.messages.filter((m) => m.author === 'assistant').length === 3, 'three answers');
  const events = await historyOf(t.workflowId);
  // 'open' at the start, 'waiting_customer' after the first answer; the later turns end where they began
  expect(attributeUpserts(events)).toBe(1);
  expect(markers(events)).toBe(0);
  const described = await env.client.workflow.getHandle(t.workflowId).describe();
  expect(described.searchAttributes.IssueStatus).toEqual(['waiting_customer']);
});

it('asks Temporal for the change in a V4 issue started before it, and refuses a run naming a change it does not know', async () => {
  const t = await startIssueHarness(env, { policy });
  const start = (patches: string[] | undefined) =>
    startAsAnEarlierGateway(t.taskQueue, 'supportIssueWorkflowV4', patches ? { patches } : {});
  // as the gateway of the last release started V4 issues: no patches named
  const earlier = await start(undefined);
  await eventually(async () => ((await earlier.handle.query(issueStateQuery)).status === 'waiting_customer' ? true : undefined), 20_000, 'the first answer');
  await earlier.handle.signal(customerMessageSignal, earlier.message(2));
  await eventually(async () => ((await earlier.handle.query(issueStateQuery)).messages.filter((m) => m.author === 'assistant').length >= 2 ? true : undefined), 20_000, 'the second answer');
  expect(markerNames(await historyOf(earlier.workflowId)).join(' ')).toContain(ATTRIBUTES_AFTER_TURN_PATCH);

  // a run naming a change this worker does not know: its workflow task fails (and is retried), the issue stays open
  const newer = await start(['a-change-from-a-later-release']);
  const failure = await eventually(async () => (await historyOf(newer.workflowId))
    .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message).find(Boolean), 20_000, 'the refused workflow task');
  expect(failure).toContain('a-change-from-a-later-release');
  expect((await newer.handle.describe()).status.name).toBe('RUNNING');
  await newer.handle.terminate('test over');
}, 60_000);
