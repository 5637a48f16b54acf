/**
 * The routing choice: which waiting task is offered to whom, now. Pure; the dispatcher workflow calls
 * `routeNow` after every change and at every offer's expiry.
 */
import { closeOffers } from './apply-event';
import { compareTasks } from './queue-order';
import { hasFreeCapacity, isSuitable, loadOf } from './suitability';
import type { ClosedOffer, DispatcherState, Offer, OperatorSeat, RoutedTask } from './types';

export interface RoutingStep {
  /** offers that ended now: expired, or withdrawn from someone no longer fit to take them */
  closed: ClosedOffer[];
  /** offers made now */
  offered: Offer[];
}

/** Expires, withdraws, then offers: the state afterwards has no waiting task a free, suitable operator could take. */
export function routeNow(state: DispatcherState, now: string): RoutingStep {
  const closed = [...expireOffers(state, now), ...withdrawUnfit(state)];
  return { closed, offered: planOffers(state, now) };
}

/** Offers past their time go back; the operator who let one expire is skipped for that task while others fit. */
export function expireOffers(state: DispatcherState, now: string): ClosedOffer[] {
  const closed = closeOffers(state, (o) => o.expiresAt <= now, () => 'expired');
  for (const offer of closed) {
    const task = state.tasks[offer.taskId];
    if (task && !task.passedBy.includes(offer.operatorId)) task.passedBy.push(offer.operatorId);
  }
  return closed;
}

/**
 * Offers to operators who went away/offline, left the team, or whose lowered capacity no longer covers them
 * (the newest go first), and offers of tasks no longer waiting.
 */
export function withdrawUnfit(state: DispatcherState): ClosedOffer[] {
  const keep = new Set<string>();
  const oldestFirst = [...state.offers].sort((a, b) => a.offeredAt.localeCompare(b.offeredAt) || a.offerId.localeCompare(b.offerId));
  const room = new Map<string, number>();
  for (const offer of oldestFirst) {
    const seat = state.seats[offer.operatorId];
    const task = state.tasks[offer.taskId];
    if (!seat || !task || task.heldBy !== undefined || !isSuitable(seat, task)) continue;
    if (!room.has(seat.operatorId)) room.set(seat.operatorId, seat.capacity - heldCount(state, seat.operatorId));
    const left = room.get(seat.operatorId)!;
    if (left <= 0) continue;
    room.set(seat.operatorId, left - 1);
    keep.add(offer.offerId);
  }
  return closeOffers(state, (o) => !keep.has(o.offerId), () => 'withdrawn');
}

function heldCount(state: DispatcherState, operatorId: string): number {
  return Object.values(state.tasks).filter((t) => t.heldBy === operatorId).length;
}

/**
 * Each waiting task without an open offer, by priority then SLA due time, goes to the suitable operator with free
 * capacity that is least loaded (ties: idle longest). Someone who passed on the task comes only when nobody else fits.
 */
export function planOffers(state: DispatcherState, now: string): Offer[] {
  const offeredTasks = new Set(state.offers.map((o) => o.taskId));
  const waiting = Object.values(state.tasks)
    .filter((t) => t.heldBy === undefined && !offeredTasks.has(t.taskId))
    .sort(compareTasks);
  const made: Offer[] = [];
  const expiresAt = new Date(Date.parse(now) + state.offerTimeoutMs).toISOString();
  for (const task of waiting) {
    const seat = bestSeat(state, task, now);
    if (!seat) continue;
    state.seq += 1;
    const offer: Offer = { offerId: `${state.offerIdPrefix}:${state.seq}`, taskId: task.taskId, operatorId: seat.operatorId, offeredAt: now, expiresAt };
    state.offers.push(offer);
    seat.idleSince = now;
    made.push(offer);
  }
  return made;
}

function bestSeat(state: DispatcherState, task: RoutedTask, now: string): OperatorSeat | undefined {
  const fit = Object.values(state.seats).filter((s) => isSuitable(s, task) && hasFreeCapacity(state, s, now));
  const fresh = fit.filter((s) => !task.passedBy.includes(s.operatorId));
  const pool = fresh.length > 0 ? fresh : fit;
  let best: { seat: OperatorSeat; load: number } | undefined;
  for (const seat of pool) {
    const load = loadOf(state, seat.operatorId);
    if (!best || load < best.load
      || (load === best.load && (seat.idleSince < best.seat.idleSince
        || (seat.idleSince === best.seat.idleSince && seat.operatorId < best.seat.operatorId)))) {
      best = { seat, load };
    }
  }
  return best?.seat;
}

/** When the dispatcher must look again without being told: the next offer expiry or a seat's "full elsewhere" end. */
export function nextWakeAt(state: DispatcherState, now: string): string | undefined {
  const times = [
    ...state.offers.map((o) => o.expiresAt),
    ...Object.values(state.seats).map((s) => s.fullUntil).filter((t): t is string => t !== undefined && t > now),
  ];
  return times.length > 0 ? times.sort()[0] : undefined;
}

/** PostgreSQL says the operator is full with other teams' tasks: no offers to them until `until`. */
export function markFullElsewhere(state: DispatcherState, operatorId: string, until: string): void {
  const seat = state.seats[operatorId];
  if (seat) seat.fullUntil = until;
}
