/**
 * Who may do what to an issue: the validators of the operator updates. A validator that throws rejects the
 * update before it is written to history, so a refused action leaves no trace and changes nothing.
 */
import type { HumanTask, IssueState } from '../../src/domain/issue';

export function openTaskOrThrow(state: IssueState, taskId?: string): HumanTask {
  const task = state.task;
  if (!task || task.status === 'done') throw new Error('this issue has no open human task');
  if (taskId && task.taskId !== taskId) throw new Error(`task ${taskId} is not the open task of this issue`);
  return task;
}

export function validateClaim(state: IssueState, taskId: string, operatorId: string): void {
  const task = openTaskOrThrow(state, taskId);
  if (task.status === 'claimed' && task.operatorId !== operatorId) {
    throw new Error(`task is already claimed by operator ${task.operatorId}`);
  }
}

export function validateReply(state: IssueState, operatorId: string, text: string): void {
  const task = openTaskOrThrow(state);
  if (task.status !== 'claimed' || task.operatorId !== operatorId) {
    throw new Error('claim the task before replying: only the operator holding it may reply');
  }
  if (!text.trim()) throw new Error('reply text is empty');
}

export function validateResolve(state: IssueState, operatorId: string): void {
  if (state.status === 'resolved' || state.status === 'closed') throw new Error(`issue is already ${state.status}`);
  const task = state.task;
  if (task && task.status !== 'done' && task.operatorId !== operatorId) {
    throw new Error('only the operator holding the task may resolve this issue');
  }
}
