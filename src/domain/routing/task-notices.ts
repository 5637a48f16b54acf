/**
 * What an issue workflow tells team dispatchers when its human task changes: compare the task as last notified
 * with the task now and send the notices returned, in order, through the notifyDispatcher activity. Pure, so the
 * issue workflow can call it; every payload carries the issue's state version, so a retried or late notice is
 * ignored by the dispatcher.
 */
import type { Priority } from '../priority';
import type { DispatcherEvent, DispatcherSignalName } from './events';

/** The task as routing sees it (the issue workflow's HumanTask plus its team, language, skills and SLA due time). */
export interface TaskSnapshot {
  taskId: string;
  status: 'queued' | 'claimed' | 'done';
  priority: Priority;
  operatorId?: string;
  /** absent: the default team */
  teamId?: string;
  language?: string;
  skills?: string[];
  /** the due time the queue orders by: the first response's until it is given, then the resolution's */
  dueAt: string;
}

export interface DispatcherNotice {
  /** absent: the default dispatcher */
  teamId?: string;
  signal: DispatcherSignalName;
  payload: DispatcherEvent['payload'];
}

export interface IssueRef {
  issueId: string;
  workflowId: string;
  /** the issue state's version after the change */
  version: number;
}

const sameTeam = (a?: string, b?: string) => (a ?? '') === (b ?? '');

/** The notices that bring the dispatchers from `before` (last notified; absent: never) to `after` (absent: no task). */
export function taskNotices(issue: IssueRef, before: TaskSnapshot | undefined, after: TaskSnapshot | undefined): DispatcherNotice[] {
  const { version } = issue;
  const notices: DispatcherNotice[] = [];
  const closed = (task: TaskSnapshot): DispatcherNotice => ({ teamId: task.teamId, signal: 'taskClosed', payload: { taskId: task.taskId, version } });
  const waiting = (task: TaskSnapshot): DispatcherNotice => ({
    teamId: task.teamId,
    signal: 'taskWaiting',
    payload: {
      taskId: task.taskId, issueId: issue.issueId, workflowId: issue.workflowId, priority: task.priority, dueAt: task.dueAt,
      ...(task.language ? { language: task.language } : {}), ...(task.skills?.length ? { skills: task.skills } : {}), version,
    },
  });
  const taken = (task: TaskSnapshot): DispatcherNotice => ({
    teamId: task.teamId, signal: 'taskTaken', payload: { taskId: task.taskId, operatorId: task.operatorId!, version },
  });

  // the old task is gone, or moved to another team: its dispatcher forgets it
  const sameTask = before !== undefined && after !== undefined && before.taskId === after.taskId;
  if (before && before.status !== 'done' && (!sameTask || !sameTeam(before.teamId, after!.teamId))) notices.push(closed(before));
  if (!after) return notices;
  // what the dispatcher of `after`'s team knows of it now
  const known = sameTask && sameTeam(before!.teamId, after.teamId) ? before : undefined;
  if (after.status === 'done') {
    if (known && known.status !== 'done') notices.push(closed(after));
    return notices;
  }
  const routingChanged = !known || known.status === 'done' || known.priority !== after.priority || known.dueAt !== after.dueAt
    || (known.language ?? '') !== (after.language ?? '') || (known.skills ?? []).join() !== (after.skills ?? []).join();
  if (after.status === 'queued') {
    // new, released/re-queued, or its priority, due time, language or skills changed
    if (routingChanged || known?.status === 'claimed') notices.push(waiting(after));
    return notices;
  }
  // claimed: a dispatcher that does not know the task yet learns it first, so the holder's load counts
  if (!known || known.status === 'done') notices.push(waiting(after));
  if (after.operatorId && (!known || known.status !== 'claimed' || known.operatorId !== after.operatorId)) notices.push(taken(after));
  return notices;
}

/** The routing view of the issue workflow's HumanTask (teamId and language as the task records them). */
export function taskSnapshotOf(task: {
  taskId: string; status: TaskSnapshot['status']; priority: Priority; operatorId?: string; teamId?: string;
  language?: string; skills?: string[]; firstResponseDueAt: string; resolutionDueAt: string; firstRespondedAt?: string;
}): TaskSnapshot {
  return {
    taskId: task.taskId, status: task.status, priority: task.priority,
    ...(task.operatorId ? { operatorId: task.operatorId } : {}), ...(task.teamId ? { teamId: task.teamId } : {}),
    ...(task.language ? { language: task.language } : {}), ...(task.skills?.length ? { skills: [...task.skills] } : {}),
    dueAt: task.firstRespondedAt ? task.resolutionDueAt : task.firstResponseDueAt,
  };
}
