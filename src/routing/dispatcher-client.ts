/**
 * Reaching team dispatchers from outside a workflow: the gateway (operator status, decline, the supervisors'
 * queue) and the notifyDispatcher activity (issue workflows). Every signal is a signal-with-start, so a team's
 * dispatcher starts with its first task or operator and is never missing.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  DEFAULT_TEAM, DISPATCHER_WORKFLOW_TYPE, dispatcherSignals, dispatcherWorkflowId, availabilityQuery, queueQuery,
  type DispatcherInput,
} from '../../workflows/routing/definitions';
import type { Availability, DispatcherSignalName, OperatorStatusChange, QueueView } from '../domain/routing';

export interface DispatcherTarget {
  /** the task queue the workers serve (TEMPORAL_TASK_QUEUE) */
  taskQueue: string;
  /** ROUTING_OFFER_TIMEOUT: handed to the dispatcher with every task and status */
  offerTimeoutMs: number;
}

/** The team's dispatcher, or the default one for a task without a team. */
export function teamOrDefault(teamId: string | undefined | null): string {
  return teamId && teamId.trim() !== '' ? teamId : DEFAULT_TEAM;
}

/** Signal-with-starts `dispatcher:<teamId>`; resolves once Temporal has durably accepted the signal. */
export async function signalDispatcher(
  client: Client, target: DispatcherTarget, teamId: string | undefined, signal: DispatcherSignalName, payload: object,
): Promise<string> {
  const team = teamOrDefault(teamId);
  const workflowId = dispatcherWorkflowId(team);
  const carried = signal === 'taskWaiting' || signal === 'operatorStatus' ? { ...payload, offerTimeoutMs: target.offerTimeoutMs } : payload;
  const input: DispatcherInput = { teamId: team, offerTimeoutMs: target.offerTimeoutMs };
  await client.workflow.signalWithStart(DISPATCHER_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: target.taskQueue,
    args: [input],
    signal: dispatcherSignals[signal].name,
    signalArgs: [carried],
    staticSummary: `Routing of team ${team}`,
  });
  return workflowId;
}

/**
 * The gateway calls this whenever an operator's status, capacity, languages, skills or teams change, and at
 * sign-out (status offline): every dispatcher of their teams, and the default one, learns it.
 * Returns the dispatchers signalled.
 */
export async function signalOperatorStatus(client: Client, target: DispatcherTarget, change: OperatorStatusChange): Promise<string[]> {
  const teams = [...new Set([DEFAULT_TEAM, ...change.teamIds])];
  return Promise.all(teams.map((team) => signalDispatcher(client, target, team, 'operatorStatus', change)));
}

/** Waits at most `ms` for a worker to answer a query. */
async function queryWithin<T>(ms: number, run: () => Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The team's queue from its dispatcher; an empty one when the team never had a task nor an operator online. */
export async function readTeamQueue(client: Client, teamId: string, waitMs: number): Promise<QueueView | 'timeout'> {
  try {
    return await queryWithin(waitMs, () => client.workflow.getHandle(dispatcherWorkflowId(teamId)).query(queueQuery));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return { teamId, offerTimeoutMs: 0, waiting: [], held: [], operators: [] };
    }
    throw error;
  }
}

/** Whether anyone online in the team could take a task with these needs; 'timeout' when no worker answered. */
export async function readAvailability(
  client: Client, teamId: string | undefined, needs: { language?: string; skills?: string[] }, waitMs: number,
): Promise<Availability | 'timeout'> {
  return queryWithin(waitMs, () => client.workflow.getHandle(dispatcherWorkflowId(teamOrDefault(teamId))).query(availabilityQuery, needs));
}
