/**
 * The SLA clock of an open human task as the queue shows it: the next due time, when it turns "at risk" and
 * whether a target was missed already. A task on a calendar clock brings its own due and warning times (the
 * workflow computed them on business hours) and may be paused while the customer is asked; a task on fixed
 * targets turns at risk at a share of the time between its start and the due time (80 % by default).
 */
export const DEFAULT_WARNING_SHARE = 0.8;

export interface TaskClockInput {
  createdAt: Date;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstRespondedAt?: Date | null;
  breached: readonly string[];
  /** calendar clocks: the next response owed, the next warning (business hours), paused since */
  nextResponseDueAt?: Date | null;
  warningAt?: Date | null;
  pausedSince?: Date | null;
}

export interface TaskClock {
  kind: 'first_response' | 'next_response' | 'resolution';
  dueAt: Date;
  warningAt: Date;
  atRisk: boolean;
  breached: boolean;
  paused: boolean;
}

export function taskClock(task: TaskClockInput, now: Date, warningShare = DEFAULT_WARNING_SHARE): TaskClock {
  const waitingForFirstResponse = !task.firstRespondedAt && !task.breached.includes('first_response');
  const nextResponse = task.nextResponseDueAt && !task.breached.includes('next_response') ? task.nextResponseDueAt : undefined;
  const kind = waitingForFirstResponse ? 'first_response'
    : nextResponse && nextResponse < task.resolutionDueAt ? 'next_response' : 'resolution';
  const dueAt = kind === 'first_response' ? task.firstResponseDueAt : kind === 'next_response' ? nextResponse! : task.resolutionDueAt;
  const start = task.createdAt.getTime();
  const warningAt = task.warningAt ?? new Date(start + Math.max(0, dueAt.getTime() - start) * warningShare);
  const paused = Boolean(task.pausedSince);
  return {
    kind, dueAt, warningAt, paused,
    atRisk: !paused && now >= warningAt && now < dueAt,
    breached: task.breached.length > 0 || (!paused && now >= dueAt),
  };
}
