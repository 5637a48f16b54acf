/** The order waiting tasks are offered in: priority first, then the earliest SLA due time, then the longest wait. */
import { PRIORITIES } from '../priority';
import type { RoutedTask } from './types';

export function compareTasks(a: RoutedTask, b: RoutedTask): number {
  return PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority)
    || a.dueAt.localeCompare(b.dueAt)
    || a.waitingSince.localeCompare(b.waitingSince)
    || a.taskId.localeCompare(b.taskId);
}
