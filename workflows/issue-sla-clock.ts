/**
 * The SLA clock of the issue's human task, inside the issue workflow: breaches (recorded once, priority up, the
 * task back in the queue), warnings, the policy in force recorded at escalation, and the changes a reply, a
 * customer message or a priority make to the clock. Deterministic: the workflow's time, durable timers set by
 * the main loop from `nextDeadline`.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import { SLA_CALENDAR_PATCH, issuePatched } from './patches';
import type { IssueEventType, SupportActivities } from '../activities/types';
import type { HumanTask, IssueState, SlaKind } from '../src/domain/issue';
import type { SupportPolicy } from '../src/domain/policy';
import { raisePriority } from '../src/domain/priority';
import {
  customerWrote, operatorReplied, pauseSlaClock, recordSlaEvent, startSlaClock,
} from '../src/domain/sla/sla-clock';
import type { PolicySnapshot } from '../src/domain/sla/sla-policy';
import { snapshotOfSupportPolicy } from '../src/domain/sla/support-policy-snapshot';
import { overdueTimers, repliedRecently, syncTaskDueTimes } from '../src/domain/sla/task-sla';
import { STATE_LIMITS } from '../src/domain/state-budget';
import { errorText } from './errors';
import { recordFailure } from './issue-state';

/**
 * The SLA policy and calendar a new task records. A database outage is waited out a while; then the task counts
 * on SUPPORT_POLICY's targets around the clock (recorded as a failure), rather than having no clock at all.
 */
const slaSnapshots = proxyActivities<Pick<SupportActivities, 'slaPolicyInForce'>>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '15s' },
});
export { SLA_CALENDAR_PATCH } from './patches';

export interface IssueSlaContext {
  state: IssueState;
  policy: SupportPolicy;
  nowIso(): string;
  event(type: IssueEventType, data?: Record<string, unknown>): void;
  taskChanged(): void;
}

export function issueSlaClock({ state, policy, nowIso, event, taskChanged }: IssueSlaContext) {
  /**
   * A breach is recorded once per task and kind, raises the priority and (when the clock ran out unattended)
   * puts the task back in the queue. Judged against the due time, so a late action records it even when the
   * workflow was busy or down at the due moment.
   */
  function recordBreach(kind: SlaKind, dueAt: number, options: { requeue: boolean }): void {
    const task = state.task;
    if (!task) return;
    // next responses are many per task: each timer breaches once (its clock knows), the others once per task
    if (kind === 'next_response' ? !task.slaClock?.nextResponse || task.slaClock.nextResponse.breachedAt : task.breached.includes(kind)) return;
    if (task.slaClock) {
      task.slaClock = recordSlaEvent(task.slaClock, { timer: kind, kind: 'breach' }, Date.now());
      syncTaskDueTimes(task);
    }
    const before = task.priority;
    const after = raisePriority(before);
    if (!task.breached.includes(kind)) task.breached.push(kind);
    task.priority = after;
    state.priority = after;
    const breach = {
      taskId: task.taskId, kind, dueAt: new Date(dueAt).toISOString(), breachedAt: nowIso(),
      priorityBefore: before, priorityAfter: after,
    };
    state.breaches.push(breach);
    if (state.breaches.length > STATE_LIMITS.breaches) state.breaches.shift();
    const previousOperator = task.operatorId;
    if (options.requeue && task.status === 'claimed') {
      task.status = 'queued';
      task.operatorId = undefined;
      task.claimedAt = undefined;
      event('task_requeued', { taskId: task.taskId, previousOperator });
    }
    taskChanged();
    event('sla_breached', { ...breach, ...(previousOperator ? { operatorId: previousOperator } : {}), ...(task.teamId ? { teamId: task.teamId } : {}) });
    event('supervisor_notified', { taskId: task.taskId, kind, previousOperator, priority: after });
  }

  /** Breaches an action reveals: the action came after a due time that was not judged yet. */
  function judgeLateAction(kinds: SlaKind[]): void {
    const task = state.task;
    if (!task || task.status === 'done') return;
    const now = Date.now();
    if (task.slaClock) {
      for (const late of overdueTimers(task.slaClock, now, kinds)) recordBreach(late.kind, late.dueAt, { requeue: false });
      return;
    }
    for (const kind of kinds) {
      if (kind === 'next_response') continue;
      const due = Date.parse(kind === 'first_response' ? task.firstResponseDueAt : task.resolutionDueAt);
      if (kind === 'first_response' && task.firstRespondedAt) continue;
      if (now > due) recordBreach(kind, due, { requeue: false });
    }
  }

  // ---- the task's SLA clock on the business-hours calendar -------------------------------------------
  /** A warning goes to the holder and the team's supervisors (console events); a breach is judged as above. */
  function handleSlaClock(timer: SlaKind, kind: 'warning' | 'breach', at: number): void {
    const task = state.task;
    if (!task?.slaClock) return;
    if (kind === 'breach') {
      const keepHolder = timer === 'resolution' && task.status === 'claimed'
        && repliedRecently(task.slaClock, lastReplyOf(task.operatorId), Date.now());
      recordBreach(timer, at, { requeue: !keepHolder });
      return;
    }
    const dueAt = task.slaClock[timer === 'first_response' ? 'firstResponse' : timer === 'next_response' ? 'nextResponse' : 'resolution']?.dueAt;
    task.slaClock = recordSlaEvent(task.slaClock, { timer, kind: 'warning' }, Date.now());
    syncTaskDueTimes(task);
    taskChanged();
    event('sla_warning', {
      taskId: task.taskId, kind: timer, dueAt,
      ...(task.operatorId ? { operatorId: task.operatorId } : {}), ...(task.teamId ? { teamId: task.teamId } : {}),
    });
  }

  /** When the operator last replied to the customer (from the messages the state keeps). */
  function lastReplyOf(operatorId: string | undefined): string | undefined {
    if (!operatorId) return undefined;
    return [...state.messages].reverse().find((m) => m.author === 'operator' && m.operatorId === operatorId)?.at;
  }

  function changeClock(task: HumanTask, change: (clock: NonNullable<HumanTask['slaClock']>, now: number) => NonNullable<HumanTask['slaClock']>): void {
    if (!task.slaClock) return;
    task.slaClock = change(task.slaClock, Date.now());
    syncTaskDueTimes(task);
    taskChanged();
  }

  function customerWroteToTask(task: HumanTask): void {
    task.waitingOnCustomerSince = undefined;
    changeClock(task, (clock, now) => customerWrote(clock, now));
    // a new next response is owed: a breach of the previous one no longer shows on the task
    if (task.slaClock?.nextResponse && !task.slaClock.nextResponse.breachedAt) {
      task.breached = task.breached.filter((k) => k !== 'next_response');
    }
  }

  /**
   * Records the policy in force on the task and starts its clock at the escalation, catching up with what
   * happened while the snapshot was read (a reply, a wait on the customer, a breach judged on the fixed targets).
   */
  function adoptSlaPolicy(task: HumanTask, snapshot: PolicySnapshot): void {
    let clock = startSlaClock(snapshot, { priority: task.priority, channel: state.channel, at: task.createdAt });
    if (task.firstRespondedAt) clock = operatorReplied(clock, task.firstRespondedAt);
    if (task.waitingOnCustomerSince) clock = pauseSlaClock(clock, task.waitingOnCustomerSince);
    for (const kind of task.breached) clock = recordSlaEvent(clock, { timer: kind, kind: 'breach' }, Date.now());
    task.slaClock = clock;
    syncTaskDueTimes(task);
    taskChanged();
    event('sla_policy_recorded', { taskId: task.taskId, policyId: snapshot.policyId, calendarId: snapshot.calendarId });
  }

  /** Each new task reads the policy in force once; tasks of issues started before calendar clocks keep fixed targets. */
  async function slaLoop(): Promise<never> {
    for (;;) {
      await condition(() => Boolean(state.task && state.task.status !== 'done' && !state.task.slaClock && !state.task.slaFixed));
      const task = state.task!;
      if (!issuePatched(SLA_CALENDAR_PATCH)) {
        task.slaFixed = true;
        continue;
      }
      let snapshot: PolicySnapshot;
      try {
        snapshot = await slaSnapshots.slaPolicyInForce({ priority: task.priority, channel: state.channel });
      } catch (error) {
        recordFailure(state, { step: 'sla_policy', error: errorText(error), at: nowIso() });
        snapshot = snapshotOfSupportPolicy(policy);
      }
      if (state.task === task && task.status !== 'done') adoptSlaPolicy(task, snapshot);
      else task.slaFixed = true;
    }
  }

  return { recordBreach, judgeLateAction, handleSlaClock, changeClock, customerWroteToTask, slaLoop };
}

export type IssueSlaClock = ReturnType<typeof issueSlaClock>;
