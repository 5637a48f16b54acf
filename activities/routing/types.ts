/** The activities of the team dispatcher and the one issue workflows call to reach it. Types only: workflows import these. */
import type { Availability, ClosedOffer, DispatcherSignalName, Offer, OperatorStatusChange } from '../../src/domain/routing';

export interface RecordOffersInput {
  teamId: string;
  /** the dispatcher's time of this step: when the ended offers ended */
  at: string;
  /** offers that ended, recorded before the new ones (their operators' capacity frees up first) */
  closed: ClosedOffer[];
  offered: Array<Offer & { issueId: string; capacity: number }>;
}

export interface RecordOffersResult {
  /** offers not made: PostgreSQL counts the operator full with tasks of all their teams */
  refused: Array<{ offerId: string; operatorId: string; load: number }>;
}

export interface NotifyDispatcherInput {
  /** the task's team; absent or empty: the default dispatcher */
  teamId?: string;
  signal: DispatcherSignalName;
  payload: object;
}

export interface NotifyDispatcherResult {
  workflowId: string;
  /**
   * for taskWaiting: whether anyone online could take the task now; absent when the dispatcher did not answer
   * in time (the signal was delivered all the same)
   */
  availability?: Availability;
}

export interface StoredTruthInput {
  teamId: string;
  /** the tasks the dispatcher knows (waiting or held) */
  taskIds: string[];
}

export interface StoredTruth {
  /** every person of the team as PostgreSQL stores them (the default team: everyone); absent: no reader configured */
  seats?: OperatorStatusChange[];
  /** of the tasks asked about, those PostgreSQL's projection has done (a taskClosed that never came) */
  doneTaskIds: string[];
}

export interface RoutingActivities {
  /** What PostgreSQL says of the team's people and the dispatcher's tasks: what the dispatcher reconciles with. */
  loadStoredTruth(input: StoredTruthInput): Promise<StoredTruth>;
  /** Writes ended and new offers to task_offers and NOTIFYs console_events; idempotent by offer id. */
  recordOffers(input: RecordOffersInput): Promise<RecordOffersResult>;
  /** Signal-with-starts the team's dispatcher (idempotent: the dispatcher ignores repeats). */
  notifyDispatcher(input: NotifyDispatcherInput): Promise<NotifyDispatcherResult>;
}
