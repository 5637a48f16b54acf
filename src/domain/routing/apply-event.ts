/**
 * How a dispatcher's knowledge changes with each signal. Mutates the state (the workflow owns one copy) and
 * returns the offers the change ended, for the task_offers table.
 */
import type { DispatcherEvent, OperatorStatusChange, TaskWaiting } from './events';
import type { ClosedOffer, DispatcherState, OfferOutcome, RoutedTask } from './types';

/** Closed tasks remembered against late signals; older ones are long past any retry. */
const CLOSED_TASKS_KEPT = 500;
/** The team every operator serves: tasks without a team wait there. */
export const DEFAULT_TEAM = 'default';

export function applyEvent(state: DispatcherState, event: DispatcherEvent, now: string): ClosedOffer[] {
  switch (event.type) {
    case 'taskWaiting': return taskWaiting(state, event.payload, now);
    case 'taskTaken': {
      const { taskId, operatorId, version } = event.payload;
      const task = state.tasks[taskId];
      if (!task || stale(task, version)) return [];
      task.version = version ?? task.version;
      task.heldBy = operatorId;
      const seat = state.seats[operatorId];
      if (seat) seat.idleSince = now;
      return closeOffers(state, (o) => o.taskId === taskId, (o) => (o.operatorId === operatorId ? 'accepted' : 'taken_by_other'));
    }
    case 'taskClosed': {
      const { taskId, version } = event.payload;
      const task = state.tasks[taskId];
      if (task && stale(task, version)) return [];
      delete state.tasks[taskId];
      state.closedTasks = state.closedTasks.filter((c) => c.taskId !== taskId);
      state.closedTasks.push({ taskId, ...(version !== undefined ? { version } : {}) });
      if (state.closedTasks.length > CLOSED_TASKS_KEPT) state.closedTasks.splice(0, state.closedTasks.length - CLOSED_TASKS_KEPT);
      return closeOffers(state, (o) => o.taskId === taskId, () => 'withdrawn');
    }
    case 'taskReleased': {
      const { taskId, version } = event.payload;
      const task = state.tasks[taskId];
      if (!task || stale(task, version)) return [];
      task.version = version ?? task.version;
      if (task.heldBy !== undefined) {
        // someone else first: the one who let go comes last among the suitable
        if (!task.passedBy.includes(task.heldBy)) task.passedBy.push(task.heldBy);
        const seat = state.seats[task.heldBy];
        if (seat) delete seat.fullUntil;
        delete task.heldBy;
        task.waitingSince = now;
      }
      return [];
    }
    case 'operatorStatus': return operatorStatus(state, event.payload, now);
    case 'offerDeclined': {
      const { taskId, operatorId } = event.payload;
      const closed = closeOffers(state, (o) => o.taskId === taskId && o.operatorId === operatorId, () => 'declined');
      const task = state.tasks[taskId];
      if (closed.length > 0 && task && !task.passedBy.includes(operatorId)) task.passedBy.push(operatorId);
      return closed;
    }
  }
}

/** A signal from before the last one applied (a retried or reordered activity): nothing to do. */
function stale(task: RoutedTask, version: number | undefined): boolean {
  return version !== undefined && task.version !== undefined && version < task.version;
}

function taskWaiting(state: DispatcherState, payload: TaskWaiting, now: string): ClosedOffer[] {
  if (payload.offerTimeoutMs !== undefined && payload.offerTimeoutMs > 0) state.offerTimeoutMs = payload.offerTimeoutMs;
  const closed = state.closedTasks.find((c) => c.taskId === payload.taskId);
  if (closed) {
    const newer = payload.version !== undefined && closed.version !== undefined && payload.version > closed.version;
    if (!newer) return [];
    state.closedTasks = state.closedTasks.filter((c) => c !== closed);
  }
  const known = state.tasks[payload.taskId];
  if (known && stale(known, payload.version)) return [];
  const fields = {
    issueId: payload.issueId,
    workflowId: payload.workflowId,
    priority: payload.priority,
    dueAt: isoOr(payload.dueAt, now),
    ...(payload.language ? { language: payload.language } : {}),
    ...(payload.skills && payload.skills.length > 0 ? { skills: [...payload.skills] } : {}),
    ...(payload.version !== undefined ? { version: payload.version } : {}),
  };
  if (!known) {
    state.tasks[payload.taskId] = { taskId: payload.taskId, ...fields, waitingSince: now, passedBy: [] };
    return [];
  }
  const requeued = known.heldBy !== undefined;
  const passedBy = requeued && known.heldBy !== undefined && !known.passedBy.includes(known.heldBy)
    ? [...known.passedBy, known.heldBy] : known.passedBy;
  delete known.language;
  delete known.skills;
  delete known.heldBy;
  Object.assign(known, fields, { passedBy, waitingSince: requeued ? now : known.waitingSince });
  return [];
}

function operatorStatus(state: DispatcherState, payload: OperatorStatusChange, now: string): ClosedOffer[] {
  if (payload.offerTimeoutMs !== undefined && payload.offerTimeoutMs > 0) state.offerTimeoutMs = payload.offerTimeoutMs;
  const member = state.teamId === DEFAULT_TEAM || payload.teamIds.includes(state.teamId);
  const previous = state.seats[payload.operatorId];
  // a change that happened before the one applied (a late signal, or a reconcile read before it) is old news
  if (payload.at !== undefined && previous?.changedAt !== undefined && payload.at < previous.changedAt) return [];
  if (!member) {
    delete state.seats[payload.operatorId];
    return closeOffers(state, (o) => o.operatorId === payload.operatorId, () => 'withdrawn');
  }
  const cameOnline = payload.status === 'online' && previous?.status !== 'online';
  state.seats[payload.operatorId] = {
    operatorId: payload.operatorId,
    status: payload.status,
    capacity: Math.max(0, Math.floor(payload.capacity)),
    languages: [...payload.languages],
    skills: [...payload.skills],
    idleSince: cameOnline || !previous ? now : previous.idleSince,
    ...(payload.at !== undefined ? { changedAt: payload.at } : previous?.changedAt !== undefined ? { changedAt: previous.changedAt } : {}),
  };
  // offers to someone who left, or beyond a lowered capacity, go to the next one (see withdrawUnfit)
  return [];
}

/** Removes the matching open offers; `outcome` names how each ended. */
export function closeOffers(
  state: DispatcherState, match: (o: DispatcherState['offers'][number]) => boolean,
  outcome: (o: DispatcherState['offers'][number]) => OfferOutcome,
): ClosedOffer[] {
  const closed: ClosedOffer[] = [];
  state.offers = state.offers.filter((o) => {
    if (!match(o)) return true;
    closed.push({ offerId: o.offerId, taskId: o.taskId, operatorId: o.operatorId, outcome: outcome(o) });
    return false;
  });
  return closed;
}

function isoOr(value: string, fallback: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}

/** Offers that were never made after all (refused by PostgreSQL): removed without an outcome to record. */
export function closeOffersById(state: DispatcherState, offerIds: string[]): void {
  closeOffers(state, (o) => offerIds.includes(o.offerId), () => 'withdrawn');
}
