/**
 * What an operator does with a task beyond claim/reply/resolve, through the real gateway, worker, Temporal and
 * PostgreSQL: the queue's fields and filters, release, transfer to a team or a person, priority, reopen.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ SUPPORT_POLICY: JSON.stringify({ reopenWindow: '1m', csatWait: '1m' }) });
});

afterAll(async () => {
  await sys?.stop();
});

interface ListedTask {
  taskId: string; issueId: string; status: string; priority: string; channel: string; language?: string;
  teamId?: string; operatorId?: string; warningAt: string; atRisk: boolean; slaDueAt: string; customerName?: string;
}

async function tasks(query = '', token = sys.operatorToken): Promise<ListedTask[]> {
  const res = await sys.api('GET', `/api/v1/tasks?limit=500${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.tasks as ListedTask[];
}

async function escalatedIssue() {
  const customer = { externalId: `act-${randomUUID()}`, name: 'Вера Петрова' };
  const accepted = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer, text: 'I want to talk to a person' },
  });
  expect(accepted.status).toBe(202);
  const issueId = accepted.body.issueId as string;
  const task = await eventually(async () => (await tasks()).find((t) => t.issueId === issueId), 30_000, 'the task');
  return { issueId, task };
}

async function secondOperator(): Promise<{ id: string; token: string }> {
  const res = await sys.api('POST', '/api/v1/operators', { token: sys.adminToken, body: { name: 'Second', role: 'operator' } });
  expect(res.status).toBe(201);
  return { id: res.body.operator.id, token: res.body.token };
}

describe('the queue and what operators do with a task', () => {
  it('lists a task with its channel, customer, language and SLA warning time, and filters it', async () => {
    const { issueId, task } = await escalatedIssue();
    expect(task).toMatchObject({ status: 'queued', channel: 'api', customerName: 'Вера Петрова', language: 'en' });
    // the warning comes at 80 % of the way from the task's start to its first-response due time
    expect(Date.parse(task.warningAt)).toBeLessThan(Date.parse(task.slaDueAt));
    expect((await tasks('&unassigned=true')).some((t) => t.issueId === issueId)).toBe(true);
    expect((await tasks('&mine=true')).some((t) => t.issueId === issueId)).toBe(false);
    expect((await tasks('&channel=widget')).some((t) => t.issueId === issueId)).toBe(false);
    expect((await tasks('&status=claimed')).some((t) => t.issueId === issueId)).toBe(false);
    const bad = await sys.api('GET', '/api/v1/tasks?priority=whenever', { token: sys.operatorToken });
    expect(bad.status).toBe(400);
  });

  it('releases a claim back to the queue, and only the holder (or a supervisor) may', async () => {
    const { issueId, task } = await escalatedIssue();
    const other = await secondOperator();
    expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: other.token })).status).toBe(200);
    // the queue is read from PostgreSQL, where the claim lands a moment after the API confirmed it
    await eventually(async () => ((await tasks('&mine=true', other.token)).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'in my tasks');
    // an agent cannot take someone else's claim away
    const third = await secondOperator();
    const refused = await sys.api('POST', `/api/v1/tasks/${task.taskId}/release`, { token: third.token });
    expect(refused.status).toBe(409);
    const released = await sys.api('POST', `/api/v1/tasks/${task.taskId}/release`, { token: other.token });
    expect(released.status).toBe(200);
    expect(released.body.task).toMatchObject({ status: 'queued' });
    await eventually(async () => ((await tasks('&unassigned=true')).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'back in the queue');
  });

  it('transfers a task to a team queue or to a person, who may then reply', async () => {
    const { issueId, task } = await escalatedIssue();
    const team = await sys.api('POST', '/api/v1/teams', { token: sys.adminToken, body: { name: `Returns ${randomUUID().slice(0, 6)}` } });
    expect(team.status).toBe(201);
    const teamId = team.body.team.id as string;
    const toTeam = await sys.api('POST', `/api/v1/tasks/${task.taskId}/transfer`, { token: sys.operatorToken, body: { teamId } });
    expect(toTeam.status).toBe(200);
    expect(toTeam.body.task).toMatchObject({ status: 'queued', teamId });
    // (an agent of no team no longer sees it; an admin does)
    await eventually(async () => ((await tasks(`&teamId=${teamId}`, sys.adminToken)).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'in the team queue');
    expect((await tasks(`&teamId=${teamId}`)).some((t) => t.issueId === issueId)).toBe(false);
    // the task is that team's now: an agent of no team may not touch it
    const outsider = await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken });
    expect(outsider.status).toBe(403);
    const both = await sys.api('POST', `/api/v1/tasks/${task.taskId}/transfer`, { token: sys.adminToken, body: { teamId, operatorId: randomUUID() } });
    expect(both.status).toBe(400);
    const nowhere = await sys.api('POST', `/api/v1/tasks/${task.taskId}/transfer`, { token: sys.adminToken, body: { teamId: randomUUID() } });
    expect(nowhere.status).toBe(404);
    const other = await secondOperator();
    const toPerson = await sys.api('POST', `/api/v1/tasks/${task.taskId}/transfer`, { token: sys.adminToken, body: { operatorId: other.id } });
    expect(toPerson.status).toBe(200);
    expect(toPerson.body.task).toMatchObject({ status: 'claimed', operatorId: other.id });
    const mine = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.adminToken, body: { text: 'not mine' } });
    expect(mine.status).toBe(409);
    // (a person outside the team holds it now: they may answer once PostgreSQL shows the hand-over)
    await eventually(async () => ((await tasks('&mine=true', other.token)).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'handed over');
    const theirs = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: other.token, body: { text: 'Здравствуйте!' } });
    expect(theirs.status).toBe(201);
  });

  it('changes the priority, and reopens a resolved issue as a new task', async () => {
    const { issueId, task } = await escalatedIssue();
    const raised = await sys.api('PUT', `/api/v1/issues/${issueId}/priority`, { token: sys.operatorToken, body: { priority: 'urgent' } });
    expect(raised.status).toBe(200);
    await eventually(async () => ((await tasks('&priority=urgent')).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'urgent in the queue');
    expect((await sys.api('PUT', `/api/v1/issues/${issueId}/priority`, { token: sys.operatorToken, body: { priority: 'asap' } })).status).toBe(400);

    expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).body.operatorId).toBe(sys.operatorId);
    expect((await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { token: sys.operatorToken })).status).toBe(200);
    const early = await sys.api('POST', `/api/v1/issues/${issueId}/reopen`, { token: sys.operatorToken, headers: { 'Idempotency-Key': 'reopen-1' } });
    expect(early.status).toBe(201);
    const again = await sys.api('POST', `/api/v1/issues/${issueId}/reopen`, { token: sys.operatorToken, headers: { 'Idempotency-Key': 'reopen-1' } });
    expect(again.body.taskId).toBe(early.body.taskId);
    expect(early.body.taskId).not.toBe(task.taskId);
    const reopened = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    expect(reopened.body.issue).toMatchObject({ customerName: 'Вера Петрова', status: 'escalated', reopenCount: 1, task: { taskId: early.body.taskId, status: 'queued' } });
    const twice = await sys.api('POST', `/api/v1/issues/${issueId}/reopen`, { token: sys.operatorToken });
    expect(twice.status).toBe(409);
  });

  it('gives back the tasks an operator holds when they go away', async () => {
    const { issueId, task } = await escalatedIssue();
    expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
    await eventually(async () => ((await tasks('&mine=true')).some((t) => t.issueId === issueId) ? true : undefined), 20_000, 'claimed');
    const away = await sys.api('PUT', '/api/v1/me/status', { token: sys.operatorToken, body: { status: 'away' } });
    expect(away.status).toBe(200);
    const back = await eventually(async () => (await tasks('&unassigned=true')).find((t) => t.issueId === issueId), 20_000, 'back in the queue');
    expect(back).toMatchObject({ status: 'queued' });
    await sys.api('PUT', '/api/v1/me/status', { token: sys.operatorToken, body: { status: 'online' } });
  });
});
