/**
 * The issue projection on the real database: a change that saw a task move several times lands with the
 * task's last state.
 */
import { randomUUID } from 'node:crypto';
import { applyProjection } from '../../src/db/issue-projection';
import { resolveCustomer } from '../../src/db/customers';
import { IssueRegistry } from '../../src/db/issue-registry';
import type { HumanTask, TurnAudit } from '../../src/domain/issue';
import type { Db } from '../../src/db/pool';
import { openTestDb } from '../support/system';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.end();
});

it('keeps the last of several snapshots of one task in a change (queued, claimed, done)', async () => {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `proj-${randomUUID()}` });
  const issueId = randomUUID();
  const now = new Date().toISOString();
  const task: HumanTask = {
    taskId: `${issueId}:task:1`, status: 'queued', priority: 'normal', reason: 'customer_asked_for_human', summary: 's',
    createdAt: now, firstResponseDueAt: now, resolutionDueAt: now, breached: [],
  };
  const issue = { issueId, customerId, status: 'escalated' as const, channel: 'api' as const, priority: 'normal' as const, createdAt: now };
  await applyProjection(db, `support-issue-${customerId}`, { issue: { ...issue, version: 1 }, tasks: [task] });
  await applyProjection(db, `support-issue-${customerId}`, {
    issue: { ...issue, status: 'resolved', version: 5 },
    tasks: [{ ...task, breached: ['first_response'] }, { ...task, status: 'claimed', operatorId: randomUUID() }, { ...task, status: 'done', closedAt: now }],
  });
  const { rows } = await db.query('SELECT status FROM human_tasks WHERE id = $1', [task.taskId]);
  expect(rows[0].status).toBe('done');
});

it('writes every part of a change in one go: run, messages, task, events, webhook outbox in event order', async () => {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `proj-${randomUUID()}` });
  const issueId = randomUUID();
  const runId = randomUUID();
  const at = new Date().toISOString();
  const issue = { issueId, customerId, status: 'escalated' as const, channel: 'api' as const, priority: 'high' as const, createdAt: at, version: 2 };
  const task: HumanTask = {
    taskId: `${issueId}:task:1`, status: 'queued', priority: 'high', reason: 'customer_asked_for_human', summary: 'needs\u0000 a human',
    createdAt: at, firstResponseDueAt: at, resolutionDueAt: at, breached: ['first_response'],
  };
  const endpoints = ['https://a.example/hook', 'https://b.example/hook'];
  const change = {
    issue, runId, tasks: [task],
    messages: [{ id: `${issueId}:in:1`, direction: 'inbound' as const, author: 'customer' as const, channel: 'api' as const, text: 'a human, please', at, externalMessageId: 'ext-1' }],
    events: [
      { eventId: `${issueId}:1`, type: 'message_received' as const, at, data: { messageId: `${issueId}:in:1` } },
      { eventId: `${issueId}:2`, type: 'escalated' as const, at, data: { reason: 'customer_asked_for_human' } },
    ],
  };
  await applyProjection(db, `support-issue-${customerId}`, change, endpoints);
  await applyProjection(db, `support-issue-${customerId}`, change, endpoints); // a retry writes nothing twice

  const one = async (sql: string) => (await db.query(sql, [issueId])).rows;
  expect(await one('SELECT status, priority, version FROM issues WHERE id = $1')).toEqual([{ status: 'escalated', priority: 'high', version: 2 }]);
  expect(await one('SELECT run_id FROM issue_runs WHERE issue_id = $1')).toEqual([{ run_id: runId }]);
  expect(await one('SELECT body, external_message_id FROM messages WHERE issue_id = $1')).toEqual([{ body: 'a human, please', external_message_id: 'ext-1' }]);
  expect(await one('SELECT summary, breached, version FROM human_tasks WHERE issue_id = $1')).toEqual([{ summary: 'needs a human', breached: ['first_response'], version: 2 }]);
  expect(await one('SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY id')).toEqual([{ type: 'message_received' }, { type: 'escalated' }]);
  const outbox = await db.query(
    'SELECT id FROM webhook_outbox WHERE event_id IN ($1, $2) ORDER BY seq', [`${issueId}:1`, `${issueId}:2`]);
  expect(outbox.rows.map((r) => r.id)).toEqual([
    `${issueId}:1@${endpoints[0]}`, `${issueId}:1@${endpoints[1]}`, `${issueId}:2@${endpoints[0]}`, `${issueId}:2@${endpoints[1]}`,
  ]);
});

it('writes nothing of a change when a part of it is refused', async () => {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `proj-${randomUUID()}` });
  const issueId = randomUUID();
  const at = new Date().toISOString();
  const refused = applyProjection(db, `support-issue-${customerId}`, {
    issue: { issueId, customerId, status: 'open', channel: 'api', priority: 'normal', createdAt: at, version: 1 },
    messages: [{ id: `${issueId}:in:1`, direction: 'inbound', author: 'nobody' as never, channel: 'api', text: 'hi', at }],
    events: [{ eventId: `${issueId}:1`, type: 'created', at }],
  });
  await expect(refused).rejects.toThrow(/messages_author_check|check constraint/);
  expect((await db.query('SELECT 1 FROM issues WHERE id = $1 UNION ALL SELECT 1 FROM issue_events WHERE issue_id = $1', [issueId])).rows).toEqual([]);
});

it('writes each turn audit once beside the summary, and the last known state reads the latest of them back', async () => {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `proj-${randomUUID()}` });
  const issueId = randomUUID();
  const workflowId = `support-issue-${customerId}`;
  const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toISOString();
  const turn = (s: number): TurnAudit => ({
    at: at(s), messageId: `${issueId}:in:${s}`, source: 'offline', retrieved: [], cited: [], decision: 'answer', reason: `turn ${s}\u0000`,
  });
  const issue = { issueId, customerId, status: 'waiting_customer' as const, channel: 'api' as const, priority: 'normal' as const, createdAt: at(0) };
  const summary = { ...issue, messages: [], pastTasks: [], breaches: [], seq: 1, version: 1, olderMessageCount: 0, nudged: false, reopenCount: 0, seenMessageIds: [] };
  const audits = Array.from({ length: 25 }, (_, i) => turn(i + 1));
  await applyProjection(db, workflowId, { issue: { ...issue, version: 1 }, summary, audit: audits.slice(0, 15) });
  // a retry, and a continued run sending the kept ones again: each turn stays one row
  await applyProjection(db, workflowId, { issue: { ...issue, version: 1 }, summary, audit: audits.slice(0, 15) });
  await applyProjection(db, workflowId, { issue: { ...issue, version: 2 }, summary, audit: audits.slice(5) });
  const { rows } = await db.query('SELECT count(*)::int AS n FROM issue_turn_audits WHERE issue_id = $1', [issueId]);
  expect(rows[0].n).toBe(25);
  const state = await new IssueRegistry(db).lastKnownState(issueId);
  expect(state?.audit?.map((a) => a.reason)).toEqual(audits.slice(5).map((a) => a.reason.replace('\u0000', '')));
});
