/** Who may be offered which task, and how loaded they are. */
import type { DispatcherState, OperatorSeat, RoutedTask } from './types';

/** "en-GB" and "en" are the same language for routing. */
function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Online, speaks the task's language (an operator with no languages listed takes any) and has every skill the
 * task needs. Team membership is the seat's presence in the team's dispatcher.
 */
export function isSuitable(seat: OperatorSeat, task: Pick<RoutedTask, 'language' | 'skills'>): boolean {
  if (seat.status !== 'online') return false;
  if (task.language && seat.languages.length > 0) {
    const wanted = primaryLanguage(task.language);
    if (!seat.languages.some((l) => primaryLanguage(l) === wanted)) return false;
  }
  const skills = new Set(seat.skills.map((s) => s.toLowerCase()));
  return (task.skills ?? []).every((s) => skills.has(s.toLowerCase()));
}

/** Tasks held plus tasks offered: both take a seat's capacity. */
export function loadOf(state: DispatcherState, operatorId: string): number {
  let load = 0;
  for (const task of Object.values(state.tasks)) if (task.heldBy === operatorId) load += 1;
  for (const offer of state.offers) if (offer.operatorId === operatorId) load += 1;
  return load;
}

/** Room for one more task now (not full with another team's tasks either). */
export function hasFreeCapacity(state: DispatcherState, seat: OperatorSeat, now: string): boolean {
  if (seat.fullUntil !== undefined && seat.fullUntil > now) return false;
  return loadOf(state, seat.operatorId) < seat.capacity;
}
