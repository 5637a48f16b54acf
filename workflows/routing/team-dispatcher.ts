/**
 * One team's dispatcher: knows the team's waiting and held tasks and its operators' status and capacity, and
 * offers each waiting task to one operator at a time. Single-threaded by construction (one workflow per team,
 * signals only queue events for the loop), so one task is never offered to two people at once; the operator
 * takes it by claiming through the issue workflow, which tells us with taskTaken. Durable: every offer, timer
 * and signal is in the history; continue-as-new carries the state.
 */
import {
  ActivityFailure, condition, continueAsNew, log, proxyActivities, setCurrentDetails, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { RoutingActivities } from '../../activities/routing/types';
import {
  acceptEvent, applyEvent, availability, closeOffersById, DISPATCHER_SIGNAL_NAMES, emptyDispatcherState, markFullElsewhere,
  nextWakeAt, queueView, reconcileEvents, routeNow, type ClosedOffer, type DispatcherEvent, type DispatcherState, type Offer,
} from '../../src/domain/routing';
import { availabilityQuery, dispatcherSignals, queueQuery, type DispatcherInput } from './definitions';

/** Far below Temporal's 50k-event limit; the server's own suggestion (history size) also triggers it. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 4_000;

/** Signals carry changes at once; this mends a lost one (and a dispatcher started late) within minutes. */
const RECONCILE_EVERY_MS = 5 * 60_000;

const { loadStoredTruth } = proxyActivities<RoutingActivities>({
  // one indexed read; a failed round is skipped (the next comes in RECONCILE_EVERY_MS), signals keep flowing
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 3 },
});

const { recordOffers } = proxyActivities<RoutingActivities>({
  // a few PostgreSQL statements per offer; a stuck connection must not hold the team's routing for long
  startToCloseTimeout: '15s',
  // Not forever: while it retries the team's routing waits. After ~30 s the offers stand unrecorded (the operator
  // sees them on the next one) and expire as usual; rows are keyed by offer id, so a late retry writes them once.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5 },
});

function now(): string {
  return new Date().toISOString();
}

export async function teamDispatcherWorkflow(input: DispatcherInput): Promise<void> {
  const state: DispatcherState = input.state
    ?? emptyDispatcherState(input.teamId, input.offerTimeoutMs, `${input.teamId}:${workflowInfo().firstExecutionRunId}`);
  const inbox: DispatcherEvent[] = [...(input.pending ?? [])];
  for (const name of DISPATCHER_SIGNAL_NAMES) {
    setHandler(dispatcherSignals[name], (payload: unknown) => {
      const event = acceptEvent(name, payload);
      if (event) inbox.push(event);
      else log.warn('malformed dispatcher signal dropped', { teamId: state.teamId, signal: name });
    });
  }
  setHandler(queueQuery, () => queueView(state));
  setHandler(availabilityQuery, (needs) => availability(state, needs ?? {}, now()));
  const limit = input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS;
  const reconcileEvery = input.reconcileEveryMs ?? RECONCILE_EVERY_MS;
  const reconcileDue = () => (state.reconciledAt === undefined ? now() : new Date(Date.parse(state.reconciledAt) + reconcileEvery).toISOString());

  for (;;) {
    if (reconcileDue() <= now()) await reconcile(state, inbox);
    const at = now();
    const closed = inbox.splice(0).flatMap((event) => applyEvent(state, event, at));
    const step = routeNow(state, at);
    if (closed.length > 0 || step.closed.length > 0 || step.offered.length > 0) {
      const refusedSome = await record(state, at, [...closed, ...step.closed], step.offered);
      // a refused seat is marked full: route the refused tasks again at once
      if (refusedSome) continue;
    }
    showDetails(state);
    const info = workflowInfo();
    if (inbox.length === 0 && (info.historyLength >= limit || info.continueAsNewSuggested)) {
      log.info('dispatcher continuing as new', { teamId: state.teamId, historyLength: info.historyLength });
      await continueAsNew<typeof teamDispatcherWorkflow>({
        teamId: state.teamId, offerTimeoutMs: state.offerTimeoutMs, state, pending: inbox,
        continueAsNewAfterEvents: input.continueAsNewAfterEvents, reconcileEveryMs: input.reconcileEveryMs,
      });
    }
    const wake = [nextWakeAt(state, now()), reconcileDue()].filter((t): t is string => t !== undefined).sort()[0]!;
    await condition(() => inbox.length > 0, Math.max(1, Date.parse(wake) - Date.now()));
  }
}

/** Brings seats and tasks in line with PostgreSQL (before the signals waiting: those are applied after). */
async function reconcile(state: DispatcherState, inbox: DispatcherEvent[]): Promise<void> {
  state.reconciledAt = now();
  try {
    const { seats, doneTaskIds } = await loadStoredTruth({ teamId: state.teamId, taskIds: Object.keys(state.tasks) });
    // what PostgreSQL holds passes the same checks as a signal
    const events = reconcileEvents(state, seats, doneTaskIds).map((e) => acceptEvent(e.type, e.payload));
    inbox.unshift(...events.filter((e): e is DispatcherEvent => e !== undefined));
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn('seats not reconciled', { teamId: state.teamId, error: error.message });
  }
}

/** Records ended and new offers; returns whether PostgreSQL refused any (the operator is full elsewhere). */
async function record(state: DispatcherState, at: string, closed: ClosedOffer[], offered: Offer[]): Promise<boolean> {
  try {
    const { refused } = await recordOffers({
      teamId: state.teamId,
      at,
      closed,
      offered: offered.map((o) => ({
        ...o, issueId: state.tasks[o.taskId]?.issueId ?? '', capacity: state.seats[o.operatorId]?.capacity ?? 0,
      })),
    });
    if (refused.length === 0) return false;
    const until = new Date(Date.now() + state.offerTimeoutMs).toISOString();
    for (const r of refused) markFullElsewhere(state, r.operatorId, until);
    closeOffersById(state, refused.map((r) => r.offerId));
    return true;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    // Routing goes on: the offers stand (and expire) without their rows; the console's queue still shows the task.
    log.warn('offers not recorded', { teamId: state.teamId, error: error.message });
    return false;
  }
}

/** A line for the Temporal UI: how the team's queue stands. */
function showDetails(state: DispatcherState): void {
  const tasks = Object.values(state.tasks);
  const waiting = tasks.filter((t) => t.heldBy === undefined).length;
  const online = Object.values(state.seats).filter((s) => s.status === 'online').length;
  setCurrentDetails(`team ${state.teamId}: ${waiting} waiting, ${tasks.length - waiting} held, ${state.offers.length} offered, ${online} online`);
}
