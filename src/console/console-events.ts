import type { ProjectionChange } from '../../activities/types';
import type { HumanTask } from '../domain/issue';

/** The PostgreSQL channel the projection (and routing's offers) notify; every gateway replica listens on it. */
export const CONSOLE_EVENTS_CHANNEL = 'console_events';

/**
 * What a console learns live. Ids only: the console refetches what it shows, through the same API (and its
 * authorization) as anyone else. `issue`: status, priority or assignment of an issue changed. `offer` and
 * `offer_closed` (written by routing, src/routing/task-offers.ts) go only to the operator they name.
 */
export type ConsoleEvent =
  | { type: 'task'; issueId: string; taskId: string; at: string; change: 'queued' | 'claimed' | 'closed'; operatorId?: string }
  | { type: 'message'; issueId: string; at: string; messageId: string; author: string }
  | { type: 'sla'; issueId: string; taskId?: string; at: string; change: 'warning' | 'breach'; kind?: string; operatorId?: string; teamId?: string }
  | { type: 'offer'; issueId: string; taskId: string; at: string; operatorId: string; offerId?: string; expiresAt?: string }
  | { type: 'offer_closed'; issueId: string; taskId: string; at: string; operatorId: string; offerId?: string; state?: string }
  | { type: 'issue'; issueId: string; at: string; status: string; priority: string };

const TASK_CHANGE: Record<HumanTask['status'], 'queued' | 'claimed' | 'closed'> = { queued: 'queued', claimed: 'claimed', done: 'closed' };

/** Events for one operator only (their `operatorId`), never shown to others. */
export const PERSONAL_EVENT_TYPES: ReadonlySet<string> = new Set(['offer', 'offer_closed']);

/** The console events one projection change stands for (the last snapshot of each task only). */
export function consoleEventsOf(change: ProjectionChange): ConsoleEvent[] {
  const i = change.issue;
  const at = new Date().toISOString();
  const events: ConsoleEvent[] = [{ type: 'issue', issueId: i.issueId, at, status: i.status, priority: i.priority }];
  const tasks = new Map((change.tasks ?? []).map((t) => [t.taskId, t]));
  for (const t of tasks.values()) {
    events.push({ type: 'task', issueId: i.issueId, taskId: t.taskId, at, change: TASK_CHANGE[t.status], ...(t.operatorId ? { operatorId: t.operatorId } : {}) });
  }
  for (const m of change.messages ?? []) events.push({ type: 'message', issueId: i.issueId, at: m.at, messageId: m.id, author: m.author });
  for (const e of change.events ?? []) {
    const type = e.type as string;
    if (type !== 'sla_breached' && type !== 'sla_warning') continue;
    const data = e.data ?? {};
    events.push({
      type: 'sla', issueId: i.issueId, at: e.at, change: type === 'sla_breached' ? 'breach' : 'warning',
      ...(typeof data.taskId === 'string' ? { taskId: data.taskId } : {}), ...(typeof data.kind === 'string' ? { kind: data.kind } : {}),
      // who hears of it: the holder, and the supervisors of the task's team
      ...(typeof data.operatorId === 'string' ? { operatorId: data.operatorId } : {}),
      ...(typeof data.teamId === 'string' ? { teamId: data.teamId } : {}),
    });
  }
  return events;
}

/**
 * NOTIFY the consoles. Called with the transaction's client, PostgreSQL delivers the notifications only when
 * (and if) the transaction commits: a console never hears of a change that was rolled back.
 */
export async function notifyConsoles(
  client: Pick<import('pg').PoolClient, 'query'>, events: ConsoleEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // one round trip for all of them
  await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload',
    [CONSOLE_EVENTS_CHANNEL, events.map((e) => JSON.stringify(e))]);
}
