/**
 * A team dispatcher on the real dev server with the real routing activities and PostgreSQL, for the workflow
 * tests: signals go through the same helper the gateway and the notifyDispatcher activity use.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { routingActivities } from '../../activities/routing/routing-activities';
import type { Db } from '../../src/db/pool';
import type { DispatcherEvent, OperatorStatusChange, QueueView, TaskWaiting } from '../../src/domain/routing';
import { signalDispatcher, readAvailability } from '../../src/routing/dispatcher-client';
import { dispatcherWorkflowId, queueQuery } from '../../workflows/routing/definitions';
import { HISTORIES_DIR, saveHistory } from './history-recorder';
import { eventually, startWorker, uniqueTaskQueue, type RunningWorker } from './temporal';

export interface OfferRow {
  offer_id: string; task_id: string; operator_id: string; state: string;
  offered_at: Date; expires_at: Date; closed_at: Date | null;
}

export async function startDispatcherHarness(
  client: Client, db: Db, offerTimeoutMs: number, seatReader?: (teamId: string) => Promise<OperatorStatusChange[]>,
) {
  const taskQueue = uniqueTaskQueue('routing');
  const teamId = `team-${randomUUID()}`;
  const target = { taskQueue, offerTimeoutMs };
  const activities = () => routingActivities({ db, routing: { offerTimeoutMs }, taskQueue, seatReader });
  let worker: RunningWorker | undefined = await startWorker(taskQueue, activities());
  const events: Array<Record<string, unknown>> = [];
  const listener = new PgClient({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  listener.on('notification', (n) => {
    // (the notification listener's liveness probes share the channel: "probe:<uuid>", not JSON)
    if (!n.payload?.startsWith('{')) return;
    const event = JSON.parse(n.payload) as Record<string, unknown>;
    if (event.offerId && String(event.offerId).startsWith(`${teamId}:`)) events.push(event);
  });
  await listener.query('LISTEN console_events');

  const h = {
    teamId, taskQueue, target, events,
    workflowId: dispatcherWorkflowId(teamId),
    signal<N extends DispatcherEvent['type']>(name: N, payload: Extract<DispatcherEvent, { type: N }>['payload']) {
      return signalDispatcher(client, target, teamId, name, payload);
    },
    operator(operatorId: string, patch: Partial<OperatorStatusChange> = {}) {
      return h.signal('operatorStatus', {
        operatorId, status: 'online', capacity: 2, languages: [], skills: [], teamIds: [teamId], ...patch,
      });
    },
    task(taskId: string, patch: Partial<TaskWaiting> = {}) {
      return h.signal('taskWaiting', {
        taskId, issueId: randomUUID(), workflowId: `support-issue-${taskId}`, priority: 'normal',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(), ...patch,
      });
    },
    queue: (): Promise<QueueView> => client.workflow.getHandle(h.workflowId).query(queueQuery),
    availability: (needs: { language?: string; skills?: string[] }) => readAvailability(client, teamId, needs, 20_000),
    async offers(): Promise<OfferRow[]> {
      const { rows } = await db.query<OfferRow>(
        'SELECT * FROM task_offers WHERE team_id = $1 ORDER BY offered_at, offer_id', [teamId],
      );
      return rows;
    },
    openOffers: async () => Object.fromEntries((await h.offers()).filter((o) => o.state === 'open').map((o) => [o.task_id, o.operator_id])),
    /** waits until the open offers in PostgreSQL are exactly these (task → operator) */
    offersBecome: (expected: Record<string, string>, what: string, timeoutMs = 20_000) => eventually(async () => {
      const open = await h.openOffers();
      return JSON.stringify(sorted(open)) === JSON.stringify(sorted(expected)) ? open : undefined;
    }, timeoutMs, `${what}: open offers ${JSON.stringify(expected)}`),
    /** the operator an open offer of the task went to, once there is one */
    offerOf: (taskId: string, what: string) => eventually(async () => (await h.openOffers())[taskId], 20_000, `${what}: an offer of ${taskId}`),
    /** the queue as the dispatcher sees it, once `predicate` holds */
    queueWhen: (predicate: (q: QueueView) => boolean, what: string, timeoutMs = 20_000) => eventually(async () => {
      const q = await h.queue();
      return predicate(q) ? q : undefined;
    }, timeoutMs, what),
    async stopWorker() {
      await worker?.stop();
      worker = undefined;
    },
    async startWorkerAgain() {
      worker = await startWorker(taskQueue, activities());
    },
    async recordHistoryIfAsked(name: string, runId?: string) {
      if (!process.env.SWITCHBOARD_RECORD_HISTORIES) return;
      await saveHistory(h.workflowId, path.join(HISTORIES_DIR, 'dispatcher', `${name}.json`), runId);
    },
    async close() {
      await client.workflow.getHandle(h.workflowId).terminate('test over').catch(() => undefined);
      await worker?.stop();
      await listener.end().catch(() => undefined);
    },
  };
  return h;
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/** No task was ever offered to two people at once, nor anyone offered more than `capacity` tasks at once. */
export function assertOffersNeverOverlap(rows: OfferRow[], capacityOf: (operatorId: string) => number): void {
  const end = (o: OfferRow) => Math.min(o.closed_at?.getTime() ?? Infinity, o.expires_at.getTime());
  const overlap = (a: OfferRow, b: OfferRow) => a.offered_at.getTime() < end(b) && b.offered_at.getTime() < end(a);
  for (const [i, a] of rows.entries()) {
    for (const b of rows.slice(i + 1)) {
      if (a.task_id === b.task_id && overlap(a, b)) throw new Error(`task ${a.task_id} offered to ${a.operator_id} and ${b.operator_id} at once`);
    }
    const concurrent = rows.filter((b) => b.operator_id === a.operator_id && b.offered_at <= a.offered_at && overlap(a, b)).length;
    if (concurrent > capacityOf(a.operator_id)) throw new Error(`${a.operator_id} held ${concurrent} offers at once`);
  }
}
