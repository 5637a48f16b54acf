/**
 * Who may do what to an issue: the validators of the operator updates. A validator that throws rejects the
 * update before it is written to history, so a refused action leaves no trace and changes nothing.
 */
import type { HumanTask, IssueState } from '../src/domain/issue';
import { operatorRequest } from './issue-state';

export function openTaskOrThrow(state: IssueState, taskId?: string): HumanTask {
  const task = state.task;
  if (!task || task.status === 'done') throw new Error('this issue has no open human task');
  if (taskId && task.taskId !== taskId) throw new Error(`task ${taskId} is not the open task of this issue`);
  return task;
}

function refuseWhenClosed(state: IssueState): void {
  if (state.status === 'closed') throw new Error('this issue is closed');
}

export function validateClaim(state: IssueState, taskId: string, operatorId: string): void {
  refuseWhenClosed(state);
  const task = openTaskOrThrow(state, taskId);
  if (task.status === 'claimed' && task.operatorId !== operatorId) {
    throw new Error(`task is already claimed by operator ${task.operatorId}`);
  }
}

export function validateReply(state: IssueState, operatorId: string, text: string, requestId?: string): void {
  // A retry of a reply already applied returns its first result (the handler looks it up).
  if (operatorRequest(state, requestId)?.kind === 'reply') return;
  refuseWhenClosed(state);
  const task = openTaskOrThrow(state);
  if (task.status !== 'claimed' || task.operatorId !== operatorId) {
    throw new Error('claim the task before replying: only the operator holding it may reply');
  }
  if (!text.trim()) throw new Error('reply text is empty');
}

/** Only the holder changes a claim, unless a supervisor acts on their behalf (the gateway checks the role). */
export function validateTaskHandOver(state: IssueState, taskId: string, operatorId: string, onBehalf: boolean | undefined): HumanTask {
  refuseWhenClosed(state);
  const task = openTaskOrThrow(state, taskId);
  if (!onBehalf && task.status === 'claimed' && task.operatorId !== operatorId) {
    throw new Error('only the operator holding the task (or a supervisor) may hand it over');
  }
  return task;
}

export function validateTransfer(state: IssueState, args: { taskId: string; operatorId: string; onBehalf?: boolean; toOperatorId?: string; toTeamId?: string }): void {
  validateTaskHandOver(state, args.taskId, args.operatorId, args.onBehalf);
  if (!args.toOperatorId === !args.toTeamId) throw new Error('transfer to either an operator or a team');
}

export function validateReopen(state: IssueState, requestId?: string): void {
  if (operatorRequest(state, requestId)?.kind === 'reopen') return;
  if (state.status !== 'resolved') throw new Error(`only a resolved issue can be reopened (this one is ${state.status})`);
}

export function validateResolve(state: IssueState, operatorId: string, turnInFlight: boolean, requestId?: string): void {
  if (operatorRequest(state, requestId)?.kind === 'resolve') return;
  if (state.status === 'resolved' || state.status === 'closed') throw new Error(`issue is already ${state.status}`);
  if (turnInFlight) {
    // Resolving now would send the CSAT question before the assistant's answer to the latest message.
    throw new Error('the assistant is answering the customer right now; resolve again in a moment');
  }
  const task = state.task;
  if (task && task.status !== 'done' && task.operatorId !== operatorId) {
    throw new Error('only the operator holding the task may resolve this issue');
  }
}
