/** The routing choice of a team's dispatcher (src/domain/routing): who gets which task, when offers end. */
import {
  acceptEvent, applyEvent, availability, emptyDispatcherState, queueView, reconcileEvents, routeNow, type DispatcherEvent, type DispatcherState,
  type OperatorStatusChange, type TaskWaiting,
} from '../../src/domain/routing';

const T0 = '2026-12-03T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function team(): DispatcherState {
  return emptyDispatcherState('t1', 60_000);
}
function operator(operatorId: string, patch: Partial<OperatorStatusChange> = {}): DispatcherEvent {
  return { type: 'operatorStatus', payload: { operatorId, status: 'online', capacity: 2, languages: [], skills: [], teamIds: ['t1'], ...patch } };
}
function task(taskId: string, patch: Partial<TaskWaiting> = {}): DispatcherEvent {
  return { type: 'taskWaiting', payload: { taskId, issueId: `i-${taskId}`, workflowId: `wf-${taskId}`, priority: 'normal', dueAt: at(3600), ...patch } };
}
/** Applies the signals, then routes: what the dispatcher does in one round. */
function apply(state: DispatcherState, events: DispatcherEvent[], now = T0) {
  const closed = events.flatMap((e) => applyEvent(state, e, now));
  const step = routeNow(state, now);
  return { closed: [...closed, ...step.closed], offered: step.offered };
}
const offersOf = (state: DispatcherState) => Object.fromEntries(state.offers.map((o) => [o.taskId, o.operatorId]));

describe('routing choice', () => {
  it('offers by priority, then SLA due time', () => {
    const s = team();
    const step = apply(s, [
      task('late-normal', { dueAt: at(900) }), task('soon-normal', { dueAt: at(300) }), task('urgent', { priority: 'urgent', dueAt: at(7200) }),
      operator('a', { capacity: 1 }),
    ]);
    expect(step.offered.map((o) => o.taskId)).toEqual(['urgent']);
    applyEvent(s, { type: 'taskTaken', payload: { taskId: 'urgent', operatorId: 'a' } }, at(1));
    applyEvent(s, operator('b', { capacity: 1 }), at(1));
    expect(routeNow(s, at(1)).offered.map((o) => o.taskId)).toEqual(['soon-normal']);
  });

  it('goes to the least-loaded suitable operator, ties to the one idle longest', () => {
    const s = team();
    apply(s, [operator('busy', { capacity: 3 })], at(0));
    apply(s, [task('x'), { type: 'taskTaken', payload: { taskId: 'x', operatorId: 'busy' } }], at(1));
    apply(s, [operator('newcomer', { capacity: 3 })], at(5));
    apply(s, [operator('veteran', { capacity: 3 })], at(2));
    const step = apply(s, [task('y')], at(10));
    // busy holds one; veteran came online before newcomer
    expect(step.offered.map((o) => o.operatorId)).toEqual(['veteran']);
    expect(apply(s, [task('z')], at(11)).offered.map((o) => o.operatorId)).toEqual(['newcomer']);
  });

  it('needs the language and every skill of the task; an operator without languages takes any', () => {
    const s = team();
    apply(s, [operator('ru', { languages: ['ru'], skills: ['billing'] }), operator('en', { languages: ['en-GB'] })], at(0));
    apply(s, [operator('any', { capacity: 1 })], at(1));
    const step = apply(s, [
      task('billing-ru', { language: 'ru', skills: ['billing'] }), task('fr', { language: 'fr' }), task('en', { language: 'en', dueAt: at(10) }),
    ], at(2));
    expect(offersOf(s)).toEqual({ 'billing-ru': 'ru', en: 'en', fr: 'any' });
    expect(step.offered).toHaveLength(3);
    expect(availability(s, { language: 'de', skills: ['billing'] }, at(2))).toEqual({ suitableOnline: 0, withFreeCapacity: 0 });
    expect(availability(s, { language: 'en' }, at(2))).toEqual({ suitableOnline: 2, withFreeCapacity: 1 });
    expect(availability(s, { skills: ['legal'] }, at(2))).toEqual({ suitableOnline: 0, withFreeCapacity: 0 });
  });

  it('never offers more than the free capacity, nor one task to two people', () => {
    const s = team();
    apply(s, [operator('a', { capacity: 2 }), task('1'), task('2'), task('3')]);
    expect(s.offers).toHaveLength(2);
    expect(new Set(s.offers.map((o) => o.taskId)).size).toBe(2);
    expect(queueView(s).waiting.find((w) => !w.offer)?.taskId).toBe('3');
  });

  it('an expired offer goes to the next suitable operator, back to the first only when nobody else fits', () => {
    const s = team();
    apply(s, [operator('a'), task('t')], at(0));
    expect(offersOf(s)).toEqual({ t: 'a' });
    apply(s, [operator('b')], at(30));
    expect(offersOf(s)).toEqual({ t: 'a' });
    const expired = routeNow(s, at(60));
    expect(expired.closed).toEqual([expect.objectContaining({ taskId: 't', operatorId: 'a', outcome: 'expired' })]);
    expect(expired.offered.map((o) => o.operatorId)).toEqual(['b']);
    // b lets it expire too, and goes away: a is the only one left and gets it again
    apply(s, [operator('b', { status: 'away' })], at(100));
    expect(offersOf(s)).toEqual({ t: 'a' });
  });

  it('a decline passes the task on at once', () => {
    const s = team();
    apply(s, [operator('a'), operator('b'), task('t')]);
    const first = s.offers[0]!.operatorId;
    const step = apply(s, [{ type: 'offerDeclined', payload: { taskId: 't', operatorId: first } }], at(1));
    expect(step.offered.map((o) => o.operatorId)).toEqual([first === 'a' ? 'b' : 'a']);
  });

  it('withdraws offers from an operator who goes offline; their held tasks wait again once released', () => {
    const s = team();
    apply(s, [operator('a', { capacity: 3 }), task('held'), task('offered')]);
    apply(s, [{ type: 'taskTaken', payload: { taskId: 'held', operatorId: 'a' } }], at(1));
    const offline = apply(s, [operator('a', { status: 'offline', capacity: 3 }), operator('b', { capacity: 1 })], at(2));
    expect(offline.closed).toEqual([expect.objectContaining({ taskId: 'offered', operatorId: 'a', outcome: 'withdrawn' })]);
    expect(offersOf(s)).toEqual({ offered: 'b' });
    apply(s, [{ type: 'taskReleased', payload: { taskId: 'held' } }], at(3));
    // it waits again from its release: behind the one that waited longer
    expect(queueView(s).waiting.map((w) => w.taskId)).toEqual(['offered', 'held']);
    apply(s, [operator('c', { capacity: 1 })], at(4));
    expect(offersOf(s)).toEqual({ offered: 'b', held: 'c' });
  });

  it('a lowered capacity takes back the newest offers', () => {
    const s = team();
    apply(s, [operator('a', { capacity: 3 }), task('1'), task('2', { dueAt: at(7200) })]);
    const step = apply(s, [operator('a', { capacity: 1 })], at(1));
    expect(step.closed.map((c) => c.taskId)).toEqual(['2']);
    expect(offersOf(s)).toEqual({ 1: 'a' });
  });

  it('a taken task closes its offer as accepted or taken by another; stale and late signals change nothing', () => {
    const s = team();
    apply(s, [operator('a'), task('t', { version: 5 })]);
    const closed = applyEvent(s, { type: 'taskTaken', payload: { taskId: 't', operatorId: 'b', version: 6 } }, at(1));
    expect(closed).toEqual([expect.objectContaining({ operatorId: 'a', outcome: 'taken_by_other' })]);
    // a retried waiting signal from before the claim does not re-queue it
    apply(s, [task('t', { version: 5 })], at(2));
    expect(queueView(s).held).toEqual([expect.objectContaining({ taskId: 't', operatorId: 'b' })]);
    apply(s, [{ type: 'taskClosed', payload: { taskId: 't', version: 7 } }, task('t', { version: 6 }), task('t')], at(3));
    expect(s.tasks.t).toBeUndefined();
    expect(s.offers).toEqual([]);
    // transferred back to this team later: a newer version brings it back
    apply(s, [task('t', { version: 9 })], at(4));
    expect(offersOf(s)).toEqual({ t: 'a' });
  });

  it('the default team serves everyone; a team drops an operator who left it', () => {
    const d = emptyDispatcherState('default', 60_000);
    apply(d, [operator('a', { teamIds: ['sales'] }), task('t')]);
    expect(offersOf(d)).toEqual({ t: 'a' });
    const s = team();
    apply(s, [operator('a'), task('t')]);
    const step = apply(s, [operator('a', { teamIds: ['sales'] })], at(1));
    expect(step.closed).toEqual([expect.objectContaining({ outcome: 'withdrawn' })]);
    expect(s.seats.a).toBeUndefined();
  });

  it('a seat full with other teams\' tasks gets nothing until its time is up', () => {
    const s = team();
    apply(s, [operator('a')]);
    s.seats.a!.fullUntil = at(30);
    expect(apply(s, [task('t')], at(1)).offered).toEqual([]);
    expect(routeNow(s, at(30)).offered.map((o) => o.operatorId)).toEqual(['a']);
  });
});

describe('reconciling with the people PostgreSQL stores', () => {
  it('adds the stored, forgets the removed, and ignores changes older than the one applied', () => {
    const s = team();
    apply(s, [operator('gone'), operator('a', { status: 'offline', at: at(10) })]);
    const stored: OperatorStatusChange[] = [
      { operatorId: 'a', status: 'online', capacity: 1, languages: [], skills: [], teamIds: ['t1'], at: at(5) },
      { operatorId: 'b', status: 'online', capacity: 1, languages: [], skills: [], teamIds: ['t1'], at: at(5) },
    ];
    apply(s, reconcileEvents(s, stored), at(20));
    expect(Object.keys(s.seats).sort()).toEqual(['a', 'b']);
    // a's offline at 10 is newer than what was read (5)
    expect(s.seats.a!.status).toBe('offline');
    apply(s, [operator('a', { at: at(30) })], at(30));
    expect(s.seats.a!.status).toBe('online');
  });
});

describe('signals from other processes', () => {
  it('drops malformed ones instead of stopping the team\'s routing, and keeps only what routing reads', () => {
    expect(acceptEvent('operatorStatus', { operatorId: 'a', status: 'online', capacity: 2 })).toEqual({
      type: 'operatorStatus', payload: { operatorId: 'a', status: 'online', capacity: 2, languages: [], skills: [], teamIds: [] },
    });
    for (const [type, payload] of [
      ['operatorStatus', { operatorId: 'a', status: 'busy', capacity: 2 }],
      ['operatorStatus', { operatorId: 'a', status: 'online', capacity: '2' }],
      ['operatorStatus', { operatorId: 'a', status: 'online', capacity: 2, teamIds: 't1' }],
      ['taskWaiting', { taskId: 't', issueId: 'i', workflowId: 'w', priority: 'asap', dueAt: T0 }],
      ['taskWaiting', { taskId: 't', issueId: 'i', workflowId: 'w', priority: 'low', dueAt: T0, skills: [1] }],
      ['taskTaken', { taskId: 't' }],
      ['taskClosed', null],
      ['somethingElse', { taskId: 't' }],
    ] as const) {
      expect(acceptEvent(type, payload)).toBeUndefined();
    }
    expect(acceptEvent('taskWaiting', {
      taskId: 't', issueId: 'i', workflowId: 'w', priority: 'low', dueAt: T0, language: null, skills: [], extra: 'x', version: 3,
    })).toEqual({ type: 'taskWaiting', payload: { taskId: 't', issueId: 'i', workflowId: 'w', priority: 'low', dueAt: T0, version: 3 } });
  });
});
