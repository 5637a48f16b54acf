import { taskClock } from '../../src/domain/task-clock';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 3, 9, minutes));
const task = { createdAt: at(0), firstResponseDueAt: at(10), resolutionDueAt: at(50), breached: [] as string[] };

describe('the SLA clock of a task in the queue', () => {
  it('counts to the first response until there is one, and is at risk past 80 % of it', () => {
    expect(taskClock(task, at(7))).toMatchObject({ kind: 'first_response', dueAt: at(10), atRisk: false, breached: false });
    expect(taskClock(task, at(8))).toMatchObject({ warningAt: at(8), atRisk: true, breached: false });
    expect(taskClock(task, at(10))).toMatchObject({ atRisk: false, breached: true });
  });

  it('counts to resolution once answered, or once the first response was breached', () => {
    expect(taskClock({ ...task, firstRespondedAt: at(5) }, at(20))).toMatchObject({ kind: 'resolution', dueAt: at(50), atRisk: false });
    expect(taskClock({ ...task, firstRespondedAt: at(5) }, at(41))).toMatchObject({ kind: 'resolution', atRisk: true });
    expect(taskClock({ ...task, breached: ['first_response'] }, at(20))).toMatchObject({ kind: 'resolution', breached: true });
  });

  it('takes the policy\'s warning share', () => {
    expect(taskClock(task, at(5), 0.5)).toMatchObject({ warningAt: at(5), atRisk: true });
  });

  it('on a calendar clock: counts to the next response owed, warns when the workflow said, and waits while paused', () => {
    const answered = { ...task, firstRespondedAt: at(5), nextResponseDueAt: at(30), warningAt: at(26) };
    expect(taskClock(answered, at(25))).toMatchObject({ kind: 'next_response', dueAt: at(30), atRisk: false });
    expect(taskClock(answered, at(27))).toMatchObject({ kind: 'next_response', warningAt: at(26), atRisk: true });
    const paused = { ...task, firstRespondedAt: at(5), pausedSince: at(6), warningAt: null };
    expect(taskClock(paused, at(55))).toMatchObject({ kind: 'resolution', paused: true, atRisk: false, breached: false });
  });
});
