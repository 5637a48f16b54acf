/** The gateway's way into team dispatchers: operator status changes, declines, the supervisors' queue view. */
import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';
import type { OperatorStatusChange, QueueView } from '../domain/routing';
import { readTeamQueue, signalDispatcher, signalOperatorStatus, type DispatcherTarget } from './dispatcher-client';
import { openOfferOf } from './task-offers';

export class RoutingGateway {
  constructor(
    private readonly client: Client,
    private readonly db: Db,
    private readonly target: DispatcherTarget,
    /** how long a queue read waits for a worker (ms) */
    private readonly queryWaitMs = 5_000,
  ) {}

  /**
   * Call on every change of an operator's status, capacity, languages, skills or teams, and at sign-out
   * (status "offline"): the dispatchers of all their teams (and the default one) learn it.
   */
  operatorStatusChanged(change: OperatorStatusChange): Promise<string[]> {
    return signalOperatorStatus(this.client, this.target, change);
  }

  /** The team's queue from its dispatcher; undefined when no worker answered in time. */
  async teamQueue(teamId: string): Promise<QueueView | undefined> {
    const queue = await readTeamQueue(this.client, teamId, this.queryWaitMs);
    return queue === 'timeout' ? undefined : queue;
  }

  /** Passes the operator's open offer of the task on; false when they hold no open offer of it. */
  async decline(taskId: string, operatorId: string): Promise<boolean> {
    const offer = await openOfferOf(this.db, taskId, operatorId);
    if (!offer) return false;
    await signalDispatcher(this.client, this.target, offer.teamId, 'offerDeclined', { taskId, operatorId });
    return true;
  }
}
