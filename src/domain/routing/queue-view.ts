/** What supervisors see of a team's queue, and whether anyone could answer a task now (the dispatcher's queries). */
import { compareTasks } from './queue-order';
import { hasFreeCapacity, isSuitable, loadOf } from './suitability';
import type { DispatcherState, OperatorStatus, RoutedTask } from './types';

export interface QueueView {
  teamId: string;
  offerTimeoutMs: number;
  /** waiting tasks in the order they are offered */
  waiting: Array<Pick<RoutedTask, 'taskId' | 'issueId' | 'priority' | 'dueAt' | 'waitingSince' | 'language' | 'skills'> & {
    offer?: { operatorId: string; offeredAt: string; expiresAt: string };
    /** online operators of the team who could take it (free capacity or not) */
    suitableOnline: number;
  }>;
  held: Array<{ taskId: string; issueId: string; operatorId: string; priority: RoutedTask['priority'] }>;
  operators: Array<{ operatorId: string; status: OperatorStatus; capacity: number; load: number; languages: string[]; skills: string[] }>;
}

export function queueView(state: DispatcherState): QueueView {
  const tasks = Object.values(state.tasks).sort(compareTasks);
  const seats = Object.values(state.seats);
  return {
    teamId: state.teamId,
    offerTimeoutMs: state.offerTimeoutMs,
    waiting: tasks.filter((t) => t.heldBy === undefined).map((t) => {
      const offer = state.offers.find((o) => o.taskId === t.taskId);
      return {
        taskId: t.taskId, issueId: t.issueId, priority: t.priority, dueAt: t.dueAt, waitingSince: t.waitingSince,
        ...(t.language ? { language: t.language } : {}), ...(t.skills ? { skills: t.skills } : {}),
        ...(offer ? { offer: { operatorId: offer.operatorId, offeredAt: offer.offeredAt, expiresAt: offer.expiresAt } } : {}),
        suitableOnline: seats.filter((s) => isSuitable(s, t)).length,
      };
    }),
    held: tasks.filter((t) => t.heldBy !== undefined)
      .map((t) => ({ taskId: t.taskId, issueId: t.issueId, operatorId: t.heldBy!, priority: t.priority })),
    operators: seats.sort((a, b) => a.operatorId.localeCompare(b.operatorId)).map((s) => ({
      operatorId: s.operatorId, status: s.status, capacity: s.capacity, load: loadOf(state, s.operatorId),
      languages: s.languages, skills: s.skills,
    })),
  };
}

export interface Availability {
  /** online operators of the team with the language and skills */
  suitableOnline: number;
  /** of those, the ones with room for one more task now */
  withFreeCapacity: number;
}

/** Whether anyone could answer a task with this language/skills now: nobody means "we will answer from <opening>". */
export function availability(state: DispatcherState, needs: { language?: string; skills?: string[] }, now: string): Availability {
  const suitable = Object.values(state.seats).filter((s) => isSuitable(s, needs));
  return { suitableOnline: suitable.length, withFreeCapacity: suitable.filter((s) => hasFreeCapacity(state, s, now)).length };
}
