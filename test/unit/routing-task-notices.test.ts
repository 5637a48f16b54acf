/**
 * taskNotices: what an issue workflow sends the dispatchers when its task changes. Checked by applying the notices
 * to real dispatcher states: whatever the task goes through, its team's dispatcher ends up knowing it as it is
 * (waiting, held by its operator, or gone) and no other dispatcher keeps it.
 */
import fc from 'fast-check';
import {
  applyEvent, emptyDispatcherState, taskNotices, taskSnapshotOf, type DispatcherEvent, type DispatcherState, type TaskSnapshot,
} from '../../src/domain/routing';
import { PRIORITIES } from '../../src/domain/priority';

const issue = (version: number) => ({ issueId: 'i1', workflowId: 'support-issue-c1', version });
const T = '2026-12-03T10:00:00.000Z';
const queued: TaskSnapshot = { taskId: 'task-1', status: 'queued', priority: 'normal', dueAt: T, language: 'ru' };

describe('task notices', () => {
  it('escalation, claim, breach re-queue, resolve', () => {
    expect(taskNotices(issue(1), undefined, queued)).toEqual([{ signal: 'taskWaiting', teamId: undefined, payload: {
      taskId: 'task-1', issueId: 'i1', workflowId: 'support-issue-c1', priority: 'normal', dueAt: T, language: 'ru', version: 1,
    } }]);
    const claimed = { ...queued, status: 'claimed' as const, operatorId: 'op1' };
    expect(taskNotices(issue(2), queued, claimed).map((n) => [n.signal, n.payload])).toEqual([['taskTaken', { taskId: 'task-1', operatorId: 'op1', version: 2 }]]);
    // a priority change while held tells routing nothing (it would put the task back in the queue)
    expect(taskNotices(issue(3), claimed, { ...claimed, priority: 'high' })).toEqual([]);
    // released (sign-out, away, release) with nothing else changed: it waits again
    expect(taskNotices(issue(4), claimed, queued).map((n) => n.signal)).toEqual(['taskWaiting']);
    const requeued = { ...queued, priority: 'high' as const };
    expect(taskNotices(issue(4), claimed, requeued).map((n) => n.signal)).toEqual(['taskWaiting']);
    expect(taskNotices(issue(5), requeued, { ...requeued, status: 'done' }).map((n) => n.signal)).toEqual(['taskClosed']);
    expect(taskNotices(issue(6), { ...requeued, status: 'done' }, { ...requeued, status: 'done' })).toEqual([]);
  });

  it('orders by the first response\'s due time until it is given, then by the resolution\'s', () => {
    const task = {
      taskId: 'task-1', status: 'queued' as const, priority: 'high' as const, teamId: 'a', language: 'en',
      firstResponseDueAt: '2026-12-03T10:00:00.000Z', resolutionDueAt: '2026-12-04T10:00:00.000Z',
    };
    expect(taskSnapshotOf(task)).toEqual({ taskId: 'task-1', status: 'queued', priority: 'high', teamId: 'a', language: 'en', dueAt: task.firstResponseDueAt });
    expect(taskSnapshotOf({ ...task, firstRespondedAt: '2026-12-03T09:00:00.000Z' }).dueAt).toBe(task.resolutionDueAt);
  });

  it('a transfer to another team closes it at the old team and queues it at the new one', () => {
    const moved = taskNotices(issue(3), { ...queued, teamId: 'a' }, { ...queued, teamId: 'b' });
    expect(moved.map((n) => [n.teamId, n.signal])).toEqual([['a', 'taskClosed'], ['b', 'taskWaiting']]);
  });
});

const snapshot: fc.Arbitrary<TaskSnapshot | undefined> = fc.option(fc.record({
  taskId: fc.constantFrom('task-1', 'task-2'),
  status: fc.constantFrom('queued' as const, 'claimed' as const, 'done' as const),
  priority: fc.constantFrom(...PRIORITIES.slice(1, 3)),
  operatorId: fc.constantFrom('op1', 'op2'),
  teamId: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  dueAt: fc.constantFrom(T, '2026-12-03T11:00:00.000Z'),
}), { nil: undefined });

it('leaves the task\'s own dispatcher knowing it as it is, and no other dispatcher holding it', () => {
  fc.assert(fc.property(fc.array(snapshot, { minLength: 1, maxLength: 12 }), (changes) => {
    const teams = new Map<string, DispatcherState>();
    const dispatcher = (teamId = 'default') => {
      if (!teams.has(teamId)) teams.set(teamId, emptyDispatcherState(teamId, 60_000));
      return teams.get(teamId)!;
    };
    let before: TaskSnapshot | undefined;
    const finished = new Set<string>();
    changes.forEach((after, i) => {
      // a task id that was done stays done (a reopen makes a new task)
      if (after && finished.has(after.taskId)) after = { ...after, status: 'done' };
      for (const n of taskNotices(issue(i + 1), before, after)) {
        applyEvent(dispatcher(n.teamId), { type: n.signal, payload: n.payload } as DispatcherEvent, T);
      }
      if (after?.status === 'done') finished.add(after.taskId);
      // a task that went away (the issue closed, a new escalation) never comes back under its id either
      if (before && before.taskId !== after?.taskId) finished.add(before.taskId);
      before = after;
    });
    for (const [teamId, state] of teams) {
      for (const task of Object.values(state.tasks)) {
        const current = before && before.taskId === task.taskId && (before.teamId ?? 'default') === teamId ? before : undefined;
        expect(current).toBeDefined();
        expect(current!.status).not.toBe('done');
        expect(task.heldBy).toBe(current!.status === 'claimed' ? current!.operatorId : undefined);
        expect(task.priority).toBe(current!.status === 'queued' ? current!.priority : task.priority);
      }
    }
    if (before && before.status !== 'done') {
      expect(dispatcher(before.teamId).tasks[before.taskId]).toBeDefined();
    }
  }), { numRuns: 500 });
});
