/**
 * The people's stored status is the truth (PostgreSQL); signals are how a dispatcher hears of changes quickly.
 * A signal that never came (the gateway could not reach Temporal) or a dispatcher started after the operator went
 * online is mended by comparing the seats with what PostgreSQL says, at start and every few minutes.
 */
import type { DispatcherEvent, OperatorStatusChange } from './events';
import type { DispatcherState } from './types';

/**
 * The events that bring the dispatcher in line with PostgreSQL: tasks the projection has done are closed; the seats
 * match `stored` (every person of the team, whatever their status):
 * everyone stored as they are stored (older than a change already applied: ignored by applyEvent), and anyone
 * the dispatcher knows who is no longer stored (removed from the team, deleted) as gone.
 */
export function reconcileEvents(state: DispatcherState, stored: OperatorStatusChange[] | undefined, doneTaskIds: string[] = []): DispatcherEvent[] {
  // a task PostgreSQL has done is closed, whatever signal was lost: its holder's capacity comes back
  const closing: DispatcherEvent[] = doneTaskIds.filter((id) => state.tasks[id]).map((taskId) => ({ type: 'taskClosed', payload: { taskId } }));
  if (!stored) return closing;
  const events: DispatcherEvent[] = [...closing, ...stored.map((payload): DispatcherEvent => ({ type: 'operatorStatus', payload }))];
  const present = new Set(stored.map((s) => s.operatorId));
  for (const seat of Object.values(state.seats)) {
    if (present.has(seat.operatorId)) continue;
    events.push({
      type: 'operatorStatus',
      payload: { operatorId: seat.operatorId, status: 'offline', capacity: 0, languages: [], skills: [], teamIds: [] },
    });
  }
  return events;
}
