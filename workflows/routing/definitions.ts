/**
 * The team dispatcher's contract: its workflow type and id, signals and queries. Issue workflows (through the
 * notifyDispatcher activity) and the gateway use these names; the payloads are in src/domain/routing/events.ts.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  Availability, DispatcherState, DispatcherEvent, DispatcherSignalName, OfferDeclined, OperatorStatusChange, QueueView,
  TaskClosed, TaskReleased, TaskTaken, TaskWaiting,
} from '../../src/domain/routing';

export const DISPATCHER_WORKFLOW_TYPE = 'teamDispatcherWorkflow';
/** Tasks without a team wait in this one; every operator serves it. */
export { DEFAULT_TEAM } from '../../src/domain/routing/apply-event';

/** One dispatcher per team: the id is the team's, so a signal-with-start always reaches the same one. */
export function dispatcherWorkflowId(teamId: string): string {
  return `dispatcher:${teamId}`;
}

export interface DispatcherInput {
  teamId: string;
  /** ROUTING_OFFER_TIMEOUT when it started; later signals may carry a newer value */
  offerTimeoutMs: number;
  /** carried across continue-as-new */
  state?: DispatcherState;
  /** signals received but not applied yet when the run continued as new */
  pending?: DispatcherEvent[];
  /** continue as new after this many history events (tests make it small); the server's suggestion also counts */
  continueAsNewAfterEvents?: number;
  /** how often the seats are compared with PostgreSQL (ms; default 5 minutes; tests make it short) */
  reconcileEveryMs?: number;
}

export const taskWaitingSignal = defineSignal<[TaskWaiting]>('taskWaiting');
export const taskTakenSignal = defineSignal<[TaskTaken]>('taskTaken');
export const taskClosedSignal = defineSignal<[TaskClosed]>('taskClosed');
export const taskReleasedSignal = defineSignal<[TaskReleased]>('taskReleased');
export const operatorStatusSignal = defineSignal<[OperatorStatusChange]>('operatorStatus');
export const offerDeclinedSignal = defineSignal<[OfferDeclined]>('offerDeclined');

/** Every signal by name, with the payload type it carries. */
export const dispatcherSignals = {
  taskWaiting: taskWaitingSignal,
  taskTaken: taskTakenSignal,
  taskClosed: taskClosedSignal,
  taskReleased: taskReleasedSignal,
  operatorStatus: operatorStatusSignal,
  offerDeclined: offerDeclinedSignal,
} as const satisfies Record<DispatcherSignalName, unknown>;

export type DispatcherPayload<N extends DispatcherSignalName> = Extract<DispatcherEvent, { type: N }>['payload'];

/** The team's queue as supervisors see it. */
export const queueQuery = defineQuery<QueueView>('queue');
/** Whether anyone online could take a task with these needs now (nobody: tell the customer when we open). */
export const availabilityQuery = defineQuery<Availability, [{ language?: string; skills?: string[] }]>('availability');
