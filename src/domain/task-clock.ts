/**
 * The SLA clock of an open human task as the queue shows it: the next due time, when it turns "at risk" (a
 * share of the time between the task's start and that due time, 80 % unless the policy says otherwise) and
 * whether a target was missed already.
 */
export const DEFAULT_WARNING_SHARE = 0.8;

export interface TaskClockInput {
  createdAt: Date;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstRespondedAt?: Date | null;
  breached: readonly string[];
}

export interface TaskClock {
  kind: 'first_response' | 'resolution';
  dueAt: Date;
  warningAt: Date;
  atRisk: boolean;
  breached: boolean;
}

export function taskClock(task: TaskClockInput, now: Date, warningShare = DEFAULT_WARNING_SHARE): TaskClock {
  const waitingForFirstResponse = !task.firstRespondedAt && !task.breached.includes('first_response');
  const kind = waitingForFirstResponse ? 'first_response' : 'resolution';
  const dueAt = kind === 'first_response' ? task.firstResponseDueAt : task.resolutionDueAt;
  const start = task.createdAt.getTime();
  const warningAt = new Date(start + Math.max(0, dueAt.getTime() - start) * warningShare);
  return {
    kind, dueAt, warningAt,
    atRisk: now >= warningAt && now < dueAt,
    breached: task.breached.length > 0 || now >= dueAt,
  };
}
