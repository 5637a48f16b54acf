/**
 * The issue projection on the real database: a change that saw a task move several times lands with the
 * task's last state.
 */
import { randomUUID } from 'node:crypto';
import { applyProjection } from '../../src/db/issue-projection';
import { resolveCustomer } from '../../src/db/customers';
import type { HumanTask } from '../../src/domain/issue';
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
