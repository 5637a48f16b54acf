/**
 * What a team's dispatcher is told (its signals' payloads): by issue workflows about their human tasks, by the
 * gateway about operators, by an operator declining an offer. Pure types: the workflow bundle imports them.
 */
import type { OperatorStatus, TaskToRoute } from './types';

/** A task waits for an operator: new, re-queued (breach, transfer) or changed (priority, SLA due time). */
export interface TaskWaiting extends TaskToRoute {
  /** the state version at this change: a signal older than one applied is ignored */
  version?: number;
  /** set by the notifying activity from ROUTING_OFFER_TIMEOUT: the dispatcher adopts the latest */
  offerTimeoutMs?: number;
}

/** The issue workflow accepted a claim: the operator holds the task (whether it was offered to them or not). */
export interface TaskTaken { taskId: string; operatorId: string; version?: number }
/** The task is done (resolved, closed, cancelled): forget it. */
export interface TaskClosed { taskId: string; version?: number }
/** The holder let go of it (release, sign-out, away, breach re-queue): it waits again at once. */
export interface TaskReleased { taskId: string; version?: number }

/** An operator's status, capacity, languages, skills or teams changed (or they signed out: status offline). */
export interface OperatorStatusChange {
  operatorId: string;
  status: OperatorStatus;
  capacity: number;
  languages: string[];
  skills: string[];
  teamIds: string[];
  /** when the change happened (PostgreSQL's status_changed_at): an older change than the one applied is ignored */
  at?: string;
  offerTimeoutMs?: number;
}

/** The operator said no to an offer: it goes to the next suitable operator at once. */
export interface OfferDeclined { taskId: string; operatorId: string }

export type DispatcherEvent =
  | { type: 'taskWaiting'; payload: TaskWaiting }
  | { type: 'taskTaken'; payload: TaskTaken }
  | { type: 'taskClosed'; payload: TaskClosed }
  | { type: 'taskReleased'; payload: TaskReleased }
  | { type: 'operatorStatus'; payload: OperatorStatusChange }
  | { type: 'offerDeclined'; payload: OfferDeclined };

export type DispatcherSignalName = DispatcherEvent['type'];
export const DISPATCHER_SIGNAL_NAMES: readonly DispatcherSignalName[] = [
  'taskWaiting', 'taskTaken', 'taskClosed', 'taskReleased', 'operatorStatus', 'offerDeclined',
];
