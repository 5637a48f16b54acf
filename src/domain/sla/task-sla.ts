import { toEpochMs } from '../calendar/business-time';
import type { HumanTask, SlaKind } from '../issue';
import { slaSummary, type SlaClock, type SlaTimer } from './sla-clock';
import { targetFor } from './sla-policy';

/**
 * A human task's SLA clock as the issue workflow keeps it: the due times the task list shows follow the clock,
 * and what the console sees of it. Pure, deterministic: the workflow calls these with its own time.
 */

const timersOf = (clock: SlaClock): SlaTimer[] =>
  [clock.firstResponse, ...(clock.nextResponse ? [clock.nextResponse] : []), clock.resolution];

const open = (timer: SlaTimer) => timer.runningSince !== undefined && !timer.metAt && !timer.breachedAt;

/**
 * The task's due fields from its clock. A timer that stopped counting (met, or paused while the customer is
 * asked) keeps the due time it last had, so the task list always has one; `nextResponseDueAt` is only set while
 * a next response is owed.
 */
export function syncTaskDueTimes(task: HumanTask): void {
  const clock = task.slaClock;
  if (!clock) return;
  task.firstResponseDueAt = clock.firstResponse.dueAt ?? task.firstResponseDueAt;
  task.resolutionDueAt = clock.resolution.dueAt ?? task.resolutionDueAt;
  const next = clock.nextResponse;
  task.nextResponseDueAt = next && !next.metAt && next.dueAt ? next.dueAt : undefined;
  const warnings = clock.stoppedAt ? [] : timersOf(clock).filter((t) => open(t) && !t.warnedAt && t.warnAt).map((t) => t.warnAt!);
  task.slaWarningAt = warnings.sort()[0];
}

/** The earliest due time still to be met, unless the clock is paused or stopped (nothing is due then). */
export function earliestDueAt(clock: SlaClock): string | undefined {
  if (clock.stoppedAt) return undefined;
  return timersOf(clock).filter((t) => open(t) && t.dueAt).map((t) => t.dueAt!).sort()[0];
}

/** Timers whose due time has passed without a breach recorded (the workflow was busy or down at that moment). */
export function overdueTimers(clock: SlaClock, at: number, kinds: readonly SlaKind[]): Array<{ kind: SlaKind; dueAt: number }> {
  if (clock.stoppedAt) return [];
  return timersOf(clock)
    .filter((t) => kinds.includes(t.kind) && open(t) && t.dueAt !== undefined && toEpochMs(t.dueAt) < at)
    .map((t) => ({ kind: t.kind, dueAt: toEpochMs(t.dueAt!) }));
}

/**
 * Whether a resolution breach leaves the task with its holder: they replied within one next-response target
 * before it, so the issue is being worked on and taking it away would only restart the conversation.
 */
export function repliedRecently(clock: SlaClock, lastReplyAt: string | undefined, at: number): boolean {
  if (!lastReplyAt) return false;
  const window = targetFor(clock.policy, clock.priority, clock.channel).nextResponseMs;
  return at - toEpochMs(lastReplyAt) <= window;
}

/** The task as the query and the projection show it: the clock's summary instead of the clock itself. */
export function shownTask<T extends HumanTask>(task: T): T {
  const { slaClock, ...rest } = task;
  if (!slaClock) return rest as T;
  return { ...rest, sla: { ...slaSummary(slaClock), ...(task.slaWarningAt ? { warnAt: task.slaWarningAt } : {}) } } as T;
}
