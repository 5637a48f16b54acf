/** The dispatcher's side effects (task_offers + console events) and the way issue workflows reach a dispatcher. */
import { Context } from '@temporalio/activity';
import type { Db } from '../../src/db/pool';
import type { OperatorStatusChange, TaskWaiting } from '../../src/domain/routing';
import { readAvailability, signalDispatcher } from '../../src/routing/dispatcher-client';
import type { RoutingSettings } from '../../src/routing/settings';
import { closeOffer, doneTasks, recordOffer } from '../../src/routing/task-offers';
import type { RoutingActivities } from './types';

export interface RoutingActivityDependencies {
  db: Db;
  routing: RoutingSettings;
  /** the workers' task queue, where dispatchers run (default: the queue this activity runs on) */
  taskQueue?: string;
  /** how long notifyDispatcher waits for the dispatcher to say who is online (ms) */
  availabilityWaitMs?: number;
  /**
   * every person of a team as PostgreSQL stores them (status, capacity, languages, skills, team ids, `at` =
   * when their status last changed); the default team: everyone. Unset: dispatchers know people from signals only.
   */
  seatReader?: (teamId: string) => Promise<OperatorStatusChange[]>;
}

export function routingActivities(deps: RoutingActivityDependencies): RoutingActivities {
  return {
    async loadStoredTruth({ teamId, taskIds }) {
      const doneTaskIds = await doneTasks(deps.db, taskIds);
      return deps.seatReader ? { seats: await deps.seatReader(teamId), doneTaskIds } : { doneTaskIds };
    },

    async recordOffers(input) {
      // ended offers first: the capacity they held is free for the new ones
      for (const offer of input.closed) await closeOffer(deps.db, offer, input.at);
      const refused: Array<{ offerId: string; operatorId: string; load: number }> = [];
      for (const offer of input.offered) {
        const { refusedAtLoad } = await recordOffer(deps.db, { ...offer, teamId: input.teamId });
        if (refusedAtLoad !== undefined) refused.push({ offerId: offer.offerId, operatorId: offer.operatorId, load: refusedAtLoad });
      }
      return { refused };
    },

    async notifyDispatcher(input) {
      const context = Context.current();
      const target = { taskQueue: deps.taskQueue ?? context.info.taskQueue, offerTimeoutMs: deps.routing.offerTimeoutMs };
      const workflowId = await signalDispatcher(context.client, target, input.teamId, input.signal, input.payload);
      if (input.signal !== 'taskWaiting') return { workflowId };
      // Who could answer: best effort. The signal is what counts; a slow dispatcher must not fail (and repeat) it.
      const { language, skills } = input.payload as TaskWaiting;
      const seen = await readAvailability(context.client, input.teamId, { language, skills }, deps.availabilityWaitMs ?? 5_000)
        .catch(() => 'timeout' as const);
      return seen === 'timeout' ? { workflowId } : { workflowId, availability: seen };
    },
  };
}
