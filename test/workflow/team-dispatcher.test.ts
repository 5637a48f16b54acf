/**
 * The team dispatcher on the real dev server, with the real routing activities writing task_offers in the test
 * PostgreSQL: capacity, language and skills, re-offer on expiry, claims racing offers, operators leaving.
 * Offers are checked where operators see them (task_offers rows and console_events notifications).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { migrateUp } from '../../src/db/migrate';
import { createPool, type Db } from '../../src/db/pool';
import type { OperatorStatusChange } from '../../src/domain/routing';
import { DISPATCHER_WORKFLOW_TYPE, type DispatcherInput } from '../../workflows/routing/definitions';
import { assertOffersNeverOverlap, startDispatcherHarness } from '../support/dispatcher-harness';
import { connectClient, eventually } from '../support/temporal';
import { loadTestEnv } from '../setup/test-env';

let client: Client;
let db: Db;
const harnesses: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  const env = loadTestEnv();
  db = createPool(env.DATABASE_URL, { embedded: env.SWITCHBOARD_DB_KIND === 'pglite' });
  await migrateUp(db);
  client = await connectClient();
});
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await client.connection.close();
  await db.end();
});

async function harness(offerTimeoutMs = 60_000, seatReader?: Parameters<typeof startDispatcherHarness>[3]) {
  const h = await startDispatcherHarness(client, db, offerTimeoutMs, seatReader);
  harnesses.push(h);
  return h;
}
const ids = (...names: string[]) => Object.fromEntries(names.map((n) => [n, `${n}-${randomUUID()}`])) as Record<string, string>;

describe('team dispatcher', () => {
  it('offers within capacity to operators with the language and skills, and offers more when a seat frees up', async () => {
    const h = await harness();
    const op = ids('en', 'ru');
    await h.operator(op.en!, { languages: ['en'], capacity: 1 });
    await h.operator(op.ru!, { languages: ['ru'], skills: ['billing'], capacity: 2 });
    await h.task('t1', { language: 'en', dueAt: new Date(Date.now() + 60_000).toISOString() });
    await h.task('t2', { language: 'en' });
    await h.task('t3', { language: 'ru', skills: ['billing'] });
    await h.task('t4', { language: 'ru', skills: ['billing'], priority: 'high' });
    await h.task('t5', { language: 'ru' });
    await h.offersBecome({ t1: op.en!, t3: op.ru!, t4: op.ru! }, 'one for en, two for ru');
    const queue = await h.queue();
    // same priority: the earlier SLA due time first
    expect(queue.waiting.filter((w) => !w.offer).map((w) => w.taskId)).toEqual(['t2', 't5']);
    // every offer reached the console once, naming its operator (PGlite delivers NOTIFY only to the sending
    // connection: there the console reads task_offers)
    if (process.env.SWITCHBOARD_DB_KIND === 'postgres') {
      await eventually(async () => (h.events.filter((e) => e.type === 'offer').length === 3 ? true : undefined), 10_000, 'three offer events');
      expect(h.events.filter((e) => e.type === 'offer').map((e) => [e.taskId, e.operatorId]).sort())
        .toEqual([['t1', op.en], ['t3', op.ru], ['t4', op.ru]].sort());
    }

    // en takes t1 (still full), then resolves it: t2 goes to en at once
    await h.signal('taskTaken', { taskId: 't1', operatorId: op.en! });
    await h.offersBecome({ t3: op.ru!, t4: op.ru! }, 'taken offer closed');
    expect((await h.queue()).waiting.find((w) => w.taskId === 't2')?.offer).toBeUndefined();
    await h.signal('taskClosed', { taskId: 't1' });
    await h.offersBecome({ t2: op.en!, t3: op.ru!, t4: op.ru! }, 'the freed seat gets t2');
    expect((await h.offers()).find((o) => o.task_id === 't1')?.state).toBe('accepted');
    assertOffersNeverOverlap(await h.offers(), (id) => (id === op.en ? 1 : 2));
    await h.recordHistoryIfAsked('capacity-language-skills');
  });

  it('re-offers an expired offer to the next operator, and says who could answer', async () => {
    const h = await harness(2_000);
    const op = ids('a', 'b');
    await h.operator(op.a!);
    await h.task('t');
    await h.offersBecome({ t: op.a! }, 'first offer');
    await h.operator(op.b!);
    await h.offersBecome({ t: op.b! }, 'offer after expiry', 15_000);
    const rows = await h.offers();
    expect(rows.map((r) => [r.operator_id, r.state])).toEqual([[op.a, 'expired'], [op.b, 'open']]);
    expect(await h.availability({ language: 'en' })).toEqual({ suitableOnline: 2, withFreeCapacity: 2 });
    expect(await h.availability({ skills: ['legal'] })).toEqual({ suitableOnline: 0, withFreeCapacity: 0 });
    // b declines: back to a at once, without waiting for the expiry
    await h.signal('offerDeclined', { taskId: 't', operatorId: op.b! });
    await h.offersBecome({ t: op.a! }, 'offer after decline', 1_500);
    expect((await h.offers()).map((r) => r.state)).toEqual(['expired', 'declined', 'open']);
    assertOffersNeverOverlap(await h.offers(), () => 2);
    await h.recordHistoryIfAsked('expired-declined-reoffered');
  });

  it('never offers one task to two operators; a claim by someone else ends the offer and a release offers it again', async () => {
    const h = await harness();
    const op = ids('a', 'b');
    await h.operator(op.a!, { capacity: 1 });
    await h.operator(op.b!, { capacity: 1 });
    await h.task('t', { version: 1 });
    const passed = await h.offerOf('t', 'first offer');
    const holder = passed === op.a ? op.b! : op.a!;
    // the other operator claimed it first (through the issue workflow, which tells us)
    await h.signal('taskTaken', { taskId: 't', operatorId: holder, version: 2 });
    await h.offersBecome({}, 'offer ended by the claim');
    expect((await h.offers()).map((r) => r.state)).toEqual(['taken_by_other']);
    const held = await h.queueWhen((q) => q.held.length === 1, 'held');
    expect(held.held).toEqual([expect.objectContaining({ taskId: 't', operatorId: holder })]);
    // the holder lets go: offered again at once, to someone other than the one who let go
    await h.signal('taskReleased', { taskId: 't', version: 3 });
    await h.offersBecome({ t: passed }, 're-offer after release');
    // a late copy of the claim's signal (a retried activity: an older version) does not take it back
    await h.signal('taskTaken', { taskId: 't', operatorId: holder, version: 2 });
    await h.task('marker');
    // (signals apply in order: once the marker is offered, the late copy was applied and changed nothing)
    await h.offersBecome({ t: passed, marker: holder }, 'marker offered, t still offered');
    expect((await h.queue()).held).toEqual([]);
    assertOffersNeverOverlap(await h.offers(), () => 1);
    await h.recordHistoryIfAsked('claimed-by-other-released');
  });

  it('an operator going offline loses their offers to others; held tasks wait again once released', async () => {
    const h = await harness();
    const op = ids('a', 'b');
    await h.operator(op.a!, { capacity: 3 });
    await h.task('held');
    await h.offersBecome({ held: op.a! }, 'first offer');
    await h.signal('taskTaken', { taskId: 'held', operatorId: op.a! });
    await h.task('o1');
    await h.task('o2');
    await h.offersBecome({ o1: op.a!, o2: op.a! }, 'two more for a');
    await h.operator(op.b!, { capacity: 1 });
    await h.operator(op.a!, { status: 'offline', capacity: 3 });
    // one of the two goes to b (capacity 1), the other waits; the held one stays held until released
    const open = await h.offersBecome({ o1: op.b! }, 'withdrawn and re-offered');
    expect(open).toEqual({ o1: op.b! });
    const queue = await h.queue();
    expect(queue.held).toEqual([expect.objectContaining({ taskId: 'held', operatorId: op.a })]);
    expect(queue.waiting.map((w) => [w.taskId, w.offer?.operatorId])).toEqual([['o1', op.b], ['o2', undefined]]);
    expect((await h.offers()).filter((r) => r.operator_id === op.a).map((r) => r.state).sort()).toEqual(['accepted', 'withdrawn', 'withdrawn']);
    await h.signal('taskReleased', { taskId: 'held' });
    await h.operator(op.b!, { capacity: 3 });
    await h.offersBecome({ o1: op.b!, o2: op.b!, held: op.b! }, 'b takes all when it has room');
    await h.recordHistoryIfAsked('operator-offline');
  });

  it('keeps one operator within capacity across two teams (PostgreSQL counts every team)', async () => {
    const one = await harness(3_000);
    const two = await harness(3_000);
    const op = ids('shared', 'other');
    await one.operator(op.shared!, { capacity: 1, teamIds: [one.teamId, two.teamId] });
    await one.operator(op.other!, { capacity: 1 });
    await one.task('t1');
    const first = await one.offerOf('t1', 'team one offers');
    if (first !== op.shared) {
      // make sure the shared operator holds team one's offer
      await one.signal('offerDeclined', { taskId: 't1', operatorId: first });
      await one.offersBecome({ t1: op.shared! }, 'to the shared operator');
    }
    await two.operator(op.shared!, { capacity: 1, teamIds: [one.teamId, two.teamId] });
    await two.task('t2');
    await two.queueWhen((q) => q.operators.length === 1 && q.waiting.length === 1, 'team two knows both');
    // team two may not offer t2 to the shared operator while team one's offer stands
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await two.openOffers()).toEqual({});
    // the shared operator declines t1 (it goes to the other operator): team two's offer follows on its re-check
    await one.signal('offerDeclined', { taskId: 't1', operatorId: op.shared! });
    await one.offersBecome({ t1: op.other! }, 'declined to the other');
    await two.offersBecome({ t2: op.shared! }, 'team two offers once the shared operator is free', 15_000);
    assertOffersNeverOverlap([...(await one.offers()), ...(await two.offers())], () => 1);
  });

  it('drops a malformed signal and goes on routing', async () => {
    const h = await harness();
    const op = ids('a');
    await h.operator(op.a!);
    const handle = client.workflow.getHandle(h.workflowId);
    await handle.signal('operatorStatus', { operatorId: op.a, status: 'online', capacity: 2, teamIds: 'not a list' });
    await handle.signal('taskWaiting', { taskId: 'broken' });
    await h.task('t');
    await h.offersBecome({ t: op.a! }, 'routing goes on');
    expect((await h.queue()).waiting.map((w) => w.taskId)).toEqual(['t']);
  });

  it('knows the people PostgreSQL says are online without a signal, and mends a lost one', async () => {
    const op = ids('a', 'b');
    const at = (seconds: number) => new Date(Date.parse('2026-12-03T09:00:00Z') + seconds * 1000).toISOString();
    // what the people's table says (the reader stands for the people helper's query over operators + team_members)
    const stored = new Map<string, OperatorStatusChange>();
    const h = await harness(60_000, async () => [...stored.values()]);
    stored.set(op.a!, { operatorId: op.a!, status: 'online', capacity: 1, languages: [], skills: [], teamIds: [h.teamId], at: at(0) });
    const input: DispatcherInput = { teamId: h.teamId, offerTimeoutMs: 60_000, reconcileEveryMs: 1_000 };
    await client.workflow.start(DISPATCHER_WORKFLOW_TYPE, { workflowId: h.workflowId, taskQueue: h.taskQueue, args: [input] });
    // a started dispatcher offers to the operator online before it existed
    await h.task('t1');
    await h.offersBecome({ t1: op.a! }, 'offer to the stored operator');
    // b went online, but the gateway's signal never reached Temporal: the next comparison finds b
    stored.set(op.b!, { operatorId: op.b!, status: 'online', capacity: 1, languages: [], skills: [], teamIds: [h.teamId], at: at(5) });
    await h.task('t2');
    await h.offersBecome({ t1: op.a!, t2: op.b! }, 'b found without a signal');
    // a late signal older than what PostgreSQL said changes nothing; a newer one counts at once
    await h.operator(op.b!, { status: 'offline', capacity: 1, at: at(1) });
    await h.operator(op.a!, { status: 'away', capacity: 1, at: at(10) });
    await h.offersBecome({ t2: op.b! }, 'a away, b still online');
    expect((await h.offers()).filter((o) => o.task_id === 't2').map((o) => o.state)).toEqual(['open']);
    // a is removed from the team in PostgreSQL: the dispatcher forgets a
    stored.delete(op.a!);
    await h.queueWhen((q) => q.operators.map((o) => o.operatorId).join() === op.b, 'a forgotten');
  });

  it('gives back the capacity of a task the projection has done when its taskClosed never came', async () => {
    const h = await harness();
    const op = ids('a');
    const input: DispatcherInput = { teamId: h.teamId, offerTimeoutMs: 60_000, reconcileEveryMs: 1_000 };
    await client.workflow.start(DISPATCHER_WORKFLOW_TYPE, { workflowId: h.workflowId, taskQueue: h.taskQueue, args: [input] });
    await h.operator(op.a!, { capacity: 1 });
    const taskId = `task-${randomUUID()}`;
    await h.task(taskId);
    await h.offersBecome({ [taskId]: op.a! }, 'offer');
    await h.signal('taskTaken', { taskId, operatorId: op.a! });
    await h.task('next');
    await h.queueWhen((q) => q.held.length === 1 && q.waiting.length === 1, 'a full with the held task');
    // the issue resolved it (the projection says done), but its taskClosed was lost
    const customerId = randomUUID();
    const issueId = randomUUID();
    await db.query('INSERT INTO customers (id) VALUES ($1)', [customerId]);
    await db.query(`INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, 'support-issue-x', 'resolved', 'api')`, [issueId, customerId]);
    await db.query(
      `INSERT INTO human_tasks (id, issue_id, status, priority, reason, summary, operator_id, created_at, first_response_due_at, resolution_due_at, closed_at)
       VALUES ($1, $2, 'done', 'normal', 'customer_asked', '', $3, now(), now(), now(), now())`,
      [taskId, issueId, randomUUID()],
    );
    await h.offersBecome({ next: op.a! }, 'the next task offered once the done one is closed');
    expect((await h.queue()).held).toEqual([]);
    await h.recordHistoryIfAsked('reconciled-done-task');
  });

  it('continues as new with its queue, offers and operators intact', async () => {
    const h = await harness();
    const input: DispatcherInput = { teamId: h.teamId, offerTimeoutMs: 60_000, continueAsNewAfterEvents: 15 };
    const started = await client.workflow.start(DISPATCHER_WORKFLOW_TYPE, { workflowId: h.workflowId, taskQueue: h.taskQueue, args: [input] });
    const op = ids('a');
    await h.operator(op.a!, { capacity: 2 });
    for (let i = 0; i < 12; i += 1) await h.task(`t${i}`, { dueAt: new Date(Date.now() + 3_600_000 + i * 1000).toISOString() });
    for (let i = 0; i < 5; i += 1) {
      await h.signal('taskTaken', { taskId: `t${i}`, operatorId: op.a! });
      await h.signal('taskClosed', { taskId: `t${i}` });
    }
    await h.offersBecome({ t5: op.a!, t6: op.a! }, 'the next two in order', 30_000);
    await eventually(async () => {
      const { runId } = await client.workflow.getHandle(h.workflowId).describe();
      return runId !== started.firstExecutionRunId ? runId : undefined;
    }, 20_000, 'a new run');
    const queue = await h.queue();
    expect(queue.waiting.map((w) => w.taskId)).toEqual(['t5', 't6', 't7', 't8', 't9', 't10', 't11']);
    expect(queue.operators).toEqual([expect.objectContaining({ operatorId: op.a, load: 2 })]);
    await h.recordHistoryIfAsked('continued-as-new-first-run', started.firstExecutionRunId);
  });
});
