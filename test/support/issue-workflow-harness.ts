/**
 * One issue workflow on the real dev server with fake activities, for workflow tests: a worker on its own task
 * queue, the gateway's IssueService in front of it, and helpers to send customer messages and wait for states.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { InboundMessage, IssueState } from '../../src/domain/issue';
import type { SupportPolicy } from '../../src/domain/policy';
import { snapshotOfSupportPolicy } from '../../src/domain/sla';
import { IssueService, issueWorkflowId, type IntakeExperiments } from '../../src/temporal/issue-service';
import { issueStateQuery } from '../../workflows/definitions';
import { fakeActivities } from './fake-activities';
import { connectClient, eventually, startWorker, uniqueTaskQueue, type RunningWorker } from './temporal';

/** A workflow test file's Temporal client, and the workers its tests start (stopped after each test). */
export interface WorkflowTestEnv {
  readonly client: Client;
  readonly workers: RunningWorker[];
}

/** Registers the file's hooks: one client for the file, its tests' workers stopped after each test. */
export function workflowTestEnv(): WorkflowTestEnv {
  let client: Client | undefined;
  const workers: RunningWorker[] = [];
  beforeAll(async () => {
    client = await connectClient();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await client?.connection.close();
  });
  return {
    get client() {
      if (!client) throw new Error('the Temporal client connects in beforeAll');
      return client;
    },
    workers,
  };
}

export async function startIssueHarness(env: WorkflowTestEnv, options: {
  fake?: Parameters<typeof fakeActivities>[0]; policy: SupportPolicy; continueAsNewAfterEvents?: number;
  /** how intake assigns experiment variants (none by default) */
  experiments?: IntakeExperiments;
  /** how long the waits below wait (ms) */
  waitMs?: number;
  /** changes the fake activities before the worker starts (e.g. to time deliveries) */
  beforeWorker?: (fake: ReturnType<typeof fakeActivities>) => void;
}) {
  const { client, workers } = env;
  const { policy, continueAsNewAfterEvents, waitMs = 20_000 } = options;
  const taskQueue = uniqueTaskQueue('wf');
  // the policy in force is SUPPORT_POLICY's, as the seeded default policy of a fresh installation
  const fake = fakeActivities({ slaPolicy: snapshotOfSupportPolicy(policy), ...options.fake });
  options.beforeWorker?.(fake);
  workers.push(await startWorker(taskQueue, fake.activities));
  const service = new IssueService(client, {
    taskQueue, policy, continueAsNewAfterEvents, experiments: options.experiments,
    // a machine busy with parallel test files is slow, not without workers
    queryWaitMs: 20_000, updateWaitMs: 20_000,
  });
  const customerId = randomUUID();
  let n = 0;
  const send = (text: string, externalMessageId = `m${++n}`) => {
    const message: InboundMessage = {
      channel: 'api', externalMessageId, customerId, text, receivedAt: new Date().toISOString(),
    };
    return service.acceptMessage(message);
  };
  const workflowId = issueWorkflowId(customerId);
  const state = () => client.workflow.getHandle(workflowId).query(issueStateQuery);
  const stateWhen = (predicate: (s: IssueState) => boolean, what: string, timeoutMs = waitMs) =>
    eventually(async () => {
      const s = await state();
      return predicate(s) ? s : undefined;
    }, timeoutMs, what);
  /** Delivery runs after the state change is visible: wait for the message to reach the channel. */
  const delivered = (pattern: RegExp) =>
    eventually(async () => fake.deliveries.find((d) => pattern.test(d.text)), waitMs, `delivery of ${pattern}`);
  const deliveredId = (messageId: string) =>
    eventually(async () => fake.deliveries.find((d) => d.messageId === messageId), waitMs, `delivery of ${messageId}`);
  return { fake, service, customerId, workflowId, taskQueue, send, state, stateWhen, delivered, deliveredId };
}
