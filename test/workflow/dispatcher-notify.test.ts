/**
 * notifyDispatcher, the activity issue workflows reach their team's dispatcher with: it signal-with-starts the
 * dispatcher (the default one for a task without a team) and says whether anyone online could answer.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { routingActivities } from '../../activities/routing/routing-activities';
import type { NotifyDispatcherResult } from '../../activities/routing/types';
import type { Db } from '../../src/db/pool';
import { signalOperatorStatus } from '../../src/routing/dispatcher-client';
import { queueQuery } from '../../workflows/routing/definitions';
import { openTestDb } from '../support/system';
import { connectClient, eventually, startWorker, uniqueTaskQueue, type RunningWorker } from '../support/temporal';

let client: Client;
let db: Db;
let worker: RunningWorker;
const taskQueue = uniqueTaskQueue('notify');
const offerTimeoutMs = 60_000;

beforeAll(async () => {
  client = await connectClient();
  db = await openTestDb();
  worker = await startWorker(taskQueue, routingActivities({ db, routing: { offerTimeoutMs }, taskQueue }));
});
afterAll(async () => {
  await worker.stop();
  await client.connection.close();
  await db.end();
});

it('starts the team\'s dispatcher with the task and tells whether anyone suitable is online', async () => {
  const teamId = `team-${randomUUID()}`;
  const activities = routingActivities({ db, routing: { offerTimeoutMs }, taskQueue });
  const env = new MockActivityEnvironment({}, { client });
  const waiting = (taskId: string, language: string): Promise<NotifyDispatcherResult> => env.run(activities.notifyDispatcher, {
    teamId, signal: 'taskWaiting' as const,
    payload: { taskId, issueId: randomUUID(), workflowId: 'support-issue-x', priority: 'normal', dueAt: new Date().toISOString(), language },
  });
  // nobody online: the issue workflow tells the customer when the team opens
  expect(await waiting('t1', 'ru')).toEqual({
    workflowId: `dispatcher:${teamId}`, availability: { suitableOnline: 0, withFreeCapacity: 0 },
  });
  await signalOperatorStatus(client, { taskQueue, offerTimeoutMs }, {
    operatorId: randomUUID(), status: 'online', capacity: 1, languages: ['ru'], skills: [], teamIds: [teamId],
  });
  await eventually(async () => ((await client.workflow.getHandle(`dispatcher:${teamId}`).query(queueQuery)).operators.length === 1 || undefined), 20_000, 'the operator seen');
  // the one operator has t1 on offer (full), but is there: someone will answer
  expect((await waiting('t2', 'ru')).availability).toEqual({ suitableOnline: 1, withFreeCapacity: 0 });
  expect((await waiting('t3', 'en')).availability).toEqual({ suitableOnline: 0, withFreeCapacity: 0 });
  // a retried notification changes nothing: still three tasks
  await waiting('t3', 'en');
  const queue = await client.workflow.getHandle(`dispatcher:${teamId}`).query(queueQuery);
  expect(queue.waiting.map((w) => w.taskId).sort()).toEqual(['t1', 't2', 't3']);
  await client.workflow.getHandle(`dispatcher:${teamId}`).terminate('test over');
});

it('sends a task without a team to the default dispatcher', async () => {
  const activities = routingActivities({ db, routing: { offerTimeoutMs }, taskQueue });
  const env = new MockActivityEnvironment({}, { client });
  const taskId = `t-${randomUUID()}`;
  const result = await env.run(activities.notifyDispatcher, { signal: 'taskClosed' as const, payload: { taskId } });
  expect(result).toEqual({ workflowId: 'dispatcher:default' });
});
