import { addBusinessTime, businessTimeBetween, toEpochMs } from '../calendar/business-time';
import type { Channel } from '../channel';
import type { Priority } from '../priority';
import { targetFor, type PolicySnapshot, type SlaTargetMs } from './sla-policy';

/**
 * The SLA clock of one human task, as a plain-JSON value the issue workflow keeps in its state. Every change is
 * a pure function of the clock and the instant it happens at (the workflow's deterministic time), returning a
 * new clock; due and warning times are computed through the policy's calendar and stored, so the workflow sets
 * its durable timers from them without recomputing.
 *
 * Three timers: first response and resolution start at escalation; a next response starts at each customer
 * message that follows an operator reply. All pause while the issue waits on the customer and resume when the
 * customer writes. Business time counted before a pause is kept in `elapsedMs`.
 */
export type SlaTimerKind = 'first_response' | 'next_response' | 'resolution';
export type SlaEventKind = 'warning' | 'breach';

export interface SlaTimer {
  kind: SlaTimerKind;
  startedAt: string;
  targetMs: number;
  /** business time counted up to `runningSince` (or up to the pause/stop) */
  elapsedMs: number;
  /** set while the timer counts */
  runningSince?: string;
  /** while it counts: when the target is reached, and when the warning share is */
  dueAt?: string;
  warnAt?: string;
  warnedAt?: string;
  breachedAt?: string;
  /** the operator answered (first/next response) or the issue was resolved (resolution) */
  metAt?: string;
}

export interface SlaClock {
  policy: PolicySnapshot;
  priority: Priority;
  channel?: Channel;
  startedAt: string;
  /** waiting on the customer since then */
  pausedSince?: string;
  /** the task is closed: nothing counts any more */
  stoppedAt?: string;
  firstResponse: SlaTimer;
  /** the current (latest) next-response timer */
  nextResponse?: SlaTimer;
  resolution: SlaTimer;
}

export interface SlaDeadline {
  timer: SlaTimerKind;
  kind: SlaEventKind;
  at: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const TIMER_KEYS = { first_response: 'firstResponse', next_response: 'nextResponse', resolution: 'resolution' } as const;

function timersOf(clock: SlaClock): SlaTimer[] {
  return [clock.firstResponse, ...(clock.nextResponse ? [clock.nextResponse] : []), clock.resolution];
}

function withTimers(clock: SlaClock, change: (timer: SlaTimer) => SlaTimer): SlaClock {
  return {
    ...clock,
    firstResponse: change(clock.firstResponse),
    ...(clock.nextResponse ? { nextResponse: change(clock.nextResponse) } : {}),
    resolution: change(clock.resolution),
  };
}

function targetMsOf(target: SlaTargetMs, kind: SlaTimerKind): number {
  if (kind === 'first_response') return target.firstResponseMs;
  if (kind === 'next_response') return target.nextResponseMs;
  return target.resolutionMs;
}

/** The timer counting from `at` with what it counted before. */
function run(clock: SlaClock, timer: SlaTimer, at: number): SlaTimer {
  const { dueAt: _d, warnAt: _w, ...rest } = timer;
  const { calendar, warningShare } = clock.policy;
  const warnAfter = Math.max(0, Math.round(timer.targetMs * warningShare) - timer.elapsedMs);
  return {
    ...rest,
    runningSince: iso(at),
    dueAt: iso(addBusinessTime(calendar, at, Math.max(0, timer.targetMs - timer.elapsedMs))),
    warnAt: iso(addBusinessTime(calendar, at, warnAfter)),
  };
}

/** The timer no longer counting, with the business time it counted until `at` added. */
function halt(clock: SlaClock, timer: SlaTimer, at: number): SlaTimer {
  if (!timer.runningSince) return timer;
  const { runningSince, dueAt: _d, warnAt: _w, ...rest } = timer;
  return { ...rest, elapsedMs: timer.elapsedMs + Math.max(0, businessTimeBetween(clock.policy.calendar, runningSince, at)) };
}

function newTimer(clock: SlaClock, kind: SlaTimerKind, at: number): SlaTimer {
  const stub: SlaTimer = { kind, startedAt: iso(at), targetMs: targetMsOf(targetFor(clock.policy, clock.priority, clock.channel), kind), elapsedMs: 0 };
  return clock.pausedSince ? stub : run(clock, stub, at);
}

const counting = (timer: SlaTimer) => timer.runningSince !== undefined;

/** At escalation: first response and resolution start counting. */
export function startSlaClock(policy: PolicySnapshot, task: { priority: Priority; channel?: Channel; at: string | number }): SlaClock {
  const at = toEpochMs(task.at);
  const base = { policy, priority: task.priority, ...(task.channel ? { channel: task.channel } : {}), startedAt: iso(at) };
  const draft = base as SlaClock;
  return { ...base, firstResponse: newTimer(draft, 'first_response', at), resolution: newTimer(draft, 'resolution', at) };
}

/** The issue waits on the customer: every timer stops counting (idempotent). */
export function pauseSlaClock(clock: SlaClock, at: string | number): SlaClock {
  if (clock.pausedSince || clock.stoppedAt) return clock;
  const t = toEpochMs(at);
  return { ...withTimers(clock, (timer) => halt(clock, timer, t)), pausedSince: iso(t) };
}

/** The customer wrote: the timers that are not met count again (idempotent). */
export function resumeSlaClock(clock: SlaClock, at: string | number): SlaClock {
  if (!clock.pausedSince || clock.stoppedAt) return clock;
  const t = toEpochMs(at);
  const { pausedSince: _p, ...resumed } = clock;
  return withTimers(resumed, (timer) => (timer.metAt ? timer : run(resumed, timer, t)));
}

/** An operator replied to the customer: the first response (or the current next response) is met. */
export function operatorReplied(clock: SlaClock, at: string | number): SlaClock {
  if (clock.stoppedAt) return clock;
  const t = toEpochMs(at);
  const meet = (timer: SlaTimer): SlaTimer => (timer.metAt ? timer : { ...halt(clock, timer, t), metAt: iso(t) });
  return {
    ...clock,
    firstResponse: meet(clock.firstResponse),
    ...(clock.nextResponse ? { nextResponse: meet(clock.nextResponse) } : {}),
  };
}

/**
 * The customer wrote: the clock resumes, and when an operator has answered since the last response timer
 * started, a next response starts (later messages before the operator answers do not restart it).
 */
export function customerWrote(clock: SlaClock, at: string | number): SlaClock {
  if (clock.stoppedAt) return clock;
  const resumed = resumeSlaClock(clock, at);
  const answered = resumed.firstResponse.metAt !== undefined && (!resumed.nextResponse || resumed.nextResponse.metAt !== undefined);
  if (!answered) return resumed;
  return { ...resumed, nextResponse: newTimer(resumed, 'next_response', toEpochMs(at)) };
}

/** The task is closed (resolved, or handed back to the assistant): resolution is met when resolved. */
export function stopSlaClock(clock: SlaClock, at: string | number, outcome: 'resolved' | 'closed' = 'resolved'): SlaClock {
  if (clock.stoppedAt) return clock;
  const t = toEpochMs(at);
  const stopped = withTimers(clock, (timer) => halt(clock, timer, t));
  const { pausedSince: _p, ...rest } = stopped;
  return {
    ...rest,
    stoppedAt: iso(t),
    resolution: outcome === 'resolved' && !stopped.resolution.metAt ? { ...stopped.resolution, metAt: iso(t) } : stopped.resolution,
  };
}

/**
 * The priority changed: the timers take the targets of the new priority from the recorded policy (not from
 * today's policy), keeping the business time already counted. A breach or warning already recorded stays.
 */
export function retargetSlaClock(clock: SlaClock, priority: Priority, at: string | number): SlaClock {
  if (clock.stoppedAt || priority === clock.priority) return { ...clock, priority };
  const t = toEpochMs(at);
  const target = targetFor(clock.policy, priority, clock.channel);
  const changed = { ...clock, priority };
  return withTimers(changed, (timer) => {
    if (timer.metAt) return timer;
    const moved = { ...halt(clock, timer, t), targetMs: targetMsOf(target, timer.kind) };
    return counting(timer) ? run(changed, moved, t) : moved;
  });
}

/** The earliest warning or breach still to happen, for the workflow's next durable timer. */
export function nextSlaDeadline(clock: SlaClock): SlaDeadline | undefined {
  if (clock.stoppedAt) return undefined;
  const due: SlaDeadline[] = [];
  for (const timer of timersOf(clock)) {
    if (!counting(timer) || timer.metAt || timer.breachedAt) continue;
    if (!timer.warnedAt && timer.warnAt) due.push({ timer: timer.kind, kind: 'warning', at: timer.warnAt });
    if (timer.dueAt) due.push({ timer: timer.kind, kind: 'breach', at: timer.dueAt });
  }
  // ISO instants in UTC sort as text; at equal times the warning comes first
  due.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'warning' ? -1 : 1));
  return due[0];
}

/** Records that a warning or breach was handled, so it is not raised again. */
export function recordSlaEvent(clock: SlaClock, event: Pick<SlaDeadline, 'timer' | 'kind'>, at: string | number): SlaClock {
  const key = TIMER_KEYS[event.timer];
  const timer = clock[key];
  if (!timer) return clock;
  const field = event.kind === 'warning' ? 'warnedAt' : 'breachedAt';
  if (timer[field]) return clock;
  const marked: SlaTimer = { ...timer, [field]: iso(toEpochMs(at)) };
  if (event.kind === 'breach' && !marked.warnedAt) marked.warnedAt = marked.breachedAt;
  return { ...clock, [key]: marked };
}

/** The fields the task list and the console show (`task.sla` in the console contract). */
export interface SlaSummary {
  policyId: string;
  calendarId: string;
  firstResponseDueAt?: string;
  firstResponseWarnAt?: string;
  nextResponseDueAt?: string;
  nextResponseWarnAt?: string;
  resolutionDueAt?: string;
  resolutionWarnAt?: string;
  pausedSince?: string;
  /** business time left of each unmet timer while paused (the countdown a paused task shows) */
  remainingMs?: Partial<Record<SlaTimerKind, number>>;
  warned: SlaTimerKind[];
  breached: SlaTimerKind[];
}

export function slaSummary(clock: SlaClock): SlaSummary {
  const summary: SlaSummary = {
    policyId: clock.policy.policyId, calendarId: clock.policy.calendarId, warned: [], breached: [],
  };
  const prefix = { first_response: 'firstResponse', next_response: 'nextResponse', resolution: 'resolution' } as const;
  for (const timer of timersOf(clock)) {
    if (timer.warnedAt) summary.warned.push(timer.kind);
    if (timer.breachedAt) summary.breached.push(timer.kind);
    if (timer.metAt || clock.stoppedAt) continue;
    if (timer.dueAt) summary[`${prefix[timer.kind]}DueAt`] = timer.dueAt;
    if (timer.warnAt) summary[`${prefix[timer.kind]}WarnAt`] = timer.warnAt;
    if (clock.pausedSince) (summary.remainingMs ??= {})[timer.kind] = timer.targetMs - timer.elapsedMs;
  }
  if (clock.pausedSince) summary.pausedSince = clock.pausedSince;
  return summary;
}
