/**
 * Whatever happens in whatever order, after each routing step: nobody holds more offers than their free capacity,
 * no task is offered to two people or while held, and no task waits un-offered while a suitable operator has room.
 */
import fc from 'fast-check';
import {
  applyEvent, emptyDispatcherState, hasFreeCapacity, isSuitable, routeNow, type DispatcherEvent, type DispatcherState,
} from '../../src/domain/routing';
import { PRIORITIES } from '../../src/domain/priority';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
const OPERATORS = ['a', 'b', 'c', 'd'];
const TASKS = ['t1', 't2', 't3', 't4', 't5', 't6'];
const LANGS = ['en', 'ru'];

const operatorId = fc.constantFrom(...OPERATORS);
const taskId = fc.constantFrom(...TASKS);
const event: fc.Arbitrary<DispatcherEvent> = fc.oneof(
  fc.record({
    taskId, priority: fc.constantFrom(...PRIORITIES), due: fc.integer({ min: 0, max: 10_000 }),
    language: fc.option(fc.constantFrom(...LANGS), { nil: undefined }),
    skills: fc.subarray(['billing', 'tech']),
  }).map(({ taskId: id, priority, due, language, skills }): DispatcherEvent => ({
    type: 'taskWaiting',
    payload: { taskId: id, issueId: `i-${id}`, workflowId: `wf-${id}`, priority, dueAt: new Date(T0 + due * 1000).toISOString(), language, skills },
  })),
  fc.record({ taskId, operatorId }).map((p): DispatcherEvent => ({ type: 'taskTaken', payload: p })),
  taskId.map((id): DispatcherEvent => ({ type: 'taskClosed', payload: { taskId: id } })),
  taskId.map((id): DispatcherEvent => ({ type: 'taskReleased', payload: { taskId: id } })),
  fc.record({ taskId, operatorId }).map((p): DispatcherEvent => ({ type: 'offerDeclined', payload: p })),
  fc.record({
    operatorId, status: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
    capacity: fc.integer({ min: 0, max: 3 }), languages: fc.subarray(LANGS), skills: fc.subarray(['billing', 'tech']),
    inTeam: fc.boolean(),
  }).map(({ inTeam, ...p }): DispatcherEvent => ({ type: 'operatorStatus', payload: { ...p, teamIds: inTeam ? ['t'] : ['other'] } })),
);
const steps = fc.array(fc.record({ event, advance: fc.integer({ min: 0, max: 90 }) }), { maxLength: 60 });

function checkInvariants(s: DispatcherState, now: string): void {
  const offeredTasks = s.offers.map((o) => o.taskId);
  expect(new Set(offeredTasks).size).toBe(offeredTasks.length);
  for (const offer of s.offers) {
    expect(s.tasks[offer.taskId]?.heldBy).toBeUndefined();
    const seat = s.seats[offer.operatorId]!;
    expect(seat).toBeDefined();
    expect(isSuitable(seat, s.tasks[offer.taskId]!)).toBe(true);
  }
  for (const seat of Object.values(s.seats)) {
    const offers = s.offers.filter((o) => o.operatorId === seat.operatorId).length;
    const held = Object.values(s.tasks).filter((t) => t.heldBy === seat.operatorId).length;
    if (offers > 0) expect(held + offers).toBeLessThanOrEqual(seat.capacity);
  }
  for (const task of Object.values(s.tasks)) {
    if (task.heldBy !== undefined || offeredTasks.includes(task.taskId)) continue;
    const idle = Object.values(s.seats).filter((seat) => isSuitable(seat, task) && hasFreeCapacity(s, seat, now));
    expect(idle.map((seat) => seat.operatorId)).toEqual([]);
  }
}

it('keeps capacity, one offer per task, and no suitable operator idle while a task waits', () => {
  fc.assert(fc.property(steps, (run) => {
    const s = emptyDispatcherState('t', 60_000);
    let clock = T0;
    for (const { event: e, advance } of run) {
      clock += advance * 1000;
      const now = new Date(clock).toISOString();
      applyEvent(s, e, now);
      routeNow(s, now);
      checkInvariants(s, now);
    }
  }), { numRuns: 400 });
});
