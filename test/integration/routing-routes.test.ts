/**
 * The routing routes on the real gateway, worker, dev server and PostgreSQL: the supervisors' view of a team's
 * queue and an operator declining an offer. Operators' status reaches the dispatchers through signalOperatorStatus
 * (what PUT /api/v1/me/status calls).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { signalDispatcher, signalOperatorStatus } from '../../src/routing/dispatcher-client';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually, temporalAddress } from '../support/temporal';

let sys: TestSystem;
let client: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
}, 120_000);
afterAll(async () => {
  await client?.connection.close();
  await sys?.stop();
});

it('shows a team\'s queue and lets an operator decline an offer, which goes to the next operator', async () => {
  const teamId = `support-${randomUUID()}`;
  const target = { taskQueue: sys.config.temporal.taskQueue, offerTimeoutMs: 60_000 };
  const other = randomUUID();
  const online = (operatorId: string) => signalOperatorStatus(client, target, {
    operatorId, status: 'online', capacity: 1, languages: ['en'], skills: [], teamIds: [teamId],
  });
  expect(await online(sys.operatorId)).toEqual(['dispatcher:default', `dispatcher:${teamId}`]);
  const queueNow = async () => (await sys.api('GET', `/api/v1/teams/${teamId}/queue`, { token: sys.adminToken })).body.queue;
  await eventually(async () => ((await queueNow())?.operators.length === 1 ? true : undefined), 20_000, 'the operator in the queue');
  await signalDispatcher(client, target, teamId, 'taskWaiting', {
    taskId: 'task-1', issueId: randomUUID(), workflowId: 'support-issue-x', priority: 'high',
    dueAt: new Date(Date.now() + 600_000).toISOString(), language: 'en',
  });
  const offered = await eventually(async () => {
    const q = await queueNow();
    return q?.waiting[0]?.offer ? q : undefined;
  }, 20_000, 'an offer');
  expect(offered.waiting).toEqual([expect.objectContaining({
    taskId: 'task-1', priority: 'high', suitableOnline: 1, offer: expect.objectContaining({ operatorId: sys.operatorId }),
  })]);
  await eventually(async () => {
    const { rows } = await sys.db.query("SELECT 1 FROM task_offers WHERE task_id = 'task-1' AND team_id = $1 AND state = 'open'", [teamId]);
    return rows.length === 1 ? true : undefined;
  }, 20_000, 'the offer row');

  // someone the offer is not for cannot decline it
  const notTheirs = await sys.api('POST', '/api/v1/tasks/task-1/decline', { token: sys.secondOperatorToken });
  expect(notTheirs).toEqual({ status: 409, body: { error: expect.objectContaining({ code: 'no_open_offer' }) } });

  await online(other);
  const declined = await sys.api('POST', '/api/v1/tasks/task-1/decline', { token: sys.operatorToken });
  expect(declined).toEqual({ status: 202, body: { taskId: 'task-1', declined: true } });
  await eventually(async () => ((await queueNow())?.waiting[0]?.offer?.operatorId === other ? true : undefined), 20_000, 'the offer passed on');
  // (the query sees the dispatcher's state before its activity has written the row)
  const rows = await eventually(async () => {
    const result = await sys.db.query("SELECT operator_id, state FROM task_offers WHERE team_id = $1 ORDER BY offered_at", [teamId]);
    return result.rows.length === 2 ? result.rows : undefined;
  }, 20_000, 'both offer rows');
  expect(rows).toEqual([{ operator_id: sys.operatorId, state: 'declined' }, { operator_id: other, state: 'open' }]);

  await client.workflow.getHandle(`dispatcher:${teamId}`).terminate('test over');
});

it('answers bad or unauthenticated requests with clear errors', async () => {
  expect((await sys.api('GET', '/api/v1/teams/x/queue')).status).toBe(401);
  const bad = await sys.api('GET', `/api/v1/teams/${encodeURIComponent('a b')}/queue`, { token: sys.adminToken });
  expect(bad).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'invalid_request' }) } });
  const never = await sys.api('GET', `/api/v1/teams/never-${randomUUID()}/queue`, { token: sys.adminToken });
  expect(never).toEqual({ status: 200, body: { queue: expect.objectContaining({ waiting: [], held: [], operators: [] }) } });
  expect((await sys.api('POST', '/api/v1/tasks/nothing/decline', { token: sys.operatorToken })).status).toBe(409);
});
