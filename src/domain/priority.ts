/** Priorities of an issue, lowest first. An SLA breach raises the priority one step. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export function raisePriority(priority: Priority): Priority {
  const index = PRIORITIES.indexOf(priority);
  return PRIORITIES[Math.min(index + 1, PRIORITIES.length - 1)];
}
