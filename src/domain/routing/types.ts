/**
 * The routing model of one team's dispatcher: waiting tasks, the operators' seats and the open offers.
 * Pure data (plain JSON, carried across continue-as-new); the workflow bundle imports it.
 */
import type { Priority } from '../priority';

export type OperatorStatus = 'online' | 'away' | 'offline';

/** What routing needs to know of a human task (the taskWaiting signal carries it). */
export interface TaskToRoute {
  taskId: string;
  issueId: string;
  /** the issue workflow to claim it through */
  workflowId: string;
  priority: Priority;
  /** the SLA due time the queue orders by (ISO) */
  dueAt: string;
  language?: string;
  skills?: string[];
}

/** A human task the dispatcher knows: waiting for an operator, or held by one (counts toward their load). */
export interface RoutedTask extends TaskToRoute {
  /** when it (last) started waiting: after a release it waits again from then */
  waitingSince: string;
  /** the operator holding it (a claim the issue workflow accepted); absent while it waits */
  heldBy?: string;
  /** operators who let an offer of it expire or declined it: skipped while someone else is suitable */
  passedBy: string[];
  /** the issue workflow's version of the last change applied: older signals (retried, reordered) are ignored */
  version?: number;
}

/** What the dispatcher knows of one operator (from operatorStatus signals). */
export interface OperatorSeat {
  operatorId: string;
  status: OperatorStatus;
  /** how many tasks they take at once (held plus offered) */
  capacity: number;
  languages: string[];
  skills: string[];
  /** since when they have had no new offer or task: ties in load go to the longest idle */
  idleSince: string;
  /** full elsewhere (another team's tasks, per PostgreSQL) until then: no offers before */
  fullUntil?: string;
  /** the `at` of the status change applied last */
  changedAt?: string;
}

/** A task offered to one operator until `expiresAt`. At most one open offer per task. */
export interface Offer {
  /** deterministic id (`<offerIdPrefix>:<seq>`), the task_offers row's key: a retried write records it once */
  offerId: string;
  taskId: string;
  operatorId: string;
  offeredAt: string;
  expiresAt: string;
}

export type OfferOutcome = 'accepted' | 'taken_by_other' | 'expired' | 'declined' | 'withdrawn';

/** An offer that ended, to be recorded in task_offers. */
export interface ClosedOffer {
  offerId: string;
  taskId: string;
  operatorId: string;
  outcome: OfferOutcome;
}

export interface DispatcherState {
  teamId: string;
  offerTimeoutMs: number;
  tasks: Record<string, RoutedTask>;
  seats: Record<string, OperatorSeat>;
  offers: Offer[];
  /**
   * tasks closed recently, with the issue version that closed them: a late taskWaiting does not bring one back,
   * a newer one (transferred back to this team) does (bounded, newest last)
   */
  closedTasks: Array<{ taskId: string; version?: number }>;
  /** counter for offer ids */
  seq: number;
  /** offer ids are `<offerIdPrefix>:<seq>`: the team and its dispatcher's first run, so a new chain never reuses one */
  offerIdPrefix: string;
  /** when the seats were last compared with PostgreSQL (the people's stored status is the truth) */
  reconciledAt?: string;
}

export function emptyDispatcherState(teamId: string, offerTimeoutMs: number, offerIdPrefix = teamId): DispatcherState {
  return { teamId, offerTimeoutMs, tasks: {}, seats: {}, offers: [], closedTasks: [], seq: 0, offerIdPrefix };
}
