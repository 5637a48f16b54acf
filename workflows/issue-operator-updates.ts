/**
 * What operators do to an issue through the console and the API, as Temporal updates of the issue workflow:
 * claim, reply, resolve, release, transfer, set the priority, reopen. Each validator refuses what the issue's state
 * does not allow (the update is rejected, nothing is written to history); a retried request (same requestId) gets
 * the first answer again. The SLA clock judges lateness and pauses, resumes or stops here.
 */
import { setHandler } from '@temporalio/workflow';
import type { IssueEventType } from '../activities/types';
import type { Channel } from '../src/domain/channel';
import { customerText } from '../src/domain/customer-texts';
import type { EscalationReason, IssueMessage, IssueState, MessageAuthor } from '../src/domain/issue';
import type { Priority } from '../src/domain/priority';
import { operatorReplied, pauseSlaClock, retargetSlaClock, stopSlaClock } from '../src/domain/sla/sla-clock';
import { shownTask } from '../src/domain/sla/task-sla';
import {
  claimTaskUpdate, operatorReplyUpdate, releaseTaskUpdate, reopenIssueUpdate, resolveIssueUpdate, setPriorityUpdate,
  transferTaskUpdate,
} from './definitions';
import { operatorRequest, rememberOperatorRequest, reopenIssue } from './issue-state';
import {
  openTaskOrThrow, validateClaim, validateReopen, validateReply, validateResolve, validateTaskHandOver, validateTransfer,
} from './operator-rules';
import type { IssueCsat } from './issue-csat';
import type { IssueSlaClock } from './issue-sla-clock';
import { CSAT_PATCH, REPLY_ATTACHMENTS_PATCH, issuePatched } from './patches';

export interface OperatorUpdatesContext {
  state: IssueState;
  nowIso(): string;
  event(type: IssueEventType, data?: Record<string, unknown>): void;
  taskChanged(): void;
  escalate(reason: EscalationReason, priority: Priority): void;
  queueToCustomer(text: string, author: MessageAuthor, options?: {
    operatorId?: string; channel?: Channel; attachments?: IssueMessage['attachments'];
  }): string;
  sla: Pick<IssueSlaClock, 'judgeLateAction' | 'changeClock'>;
  csat: Pick<IssueCsat, 'askForRating'>;
  /** an assistant turn is running (an operator cannot resolve under it) */
  turnInFlight(): boolean;
}

export function handleOperatorUpdates(
  { state, nowIso, event, taskChanged, escalate, queueToCustomer, sla, csat, turnInFlight }: OperatorUpdatesContext,
): void {
  const { judgeLateAction, changeClock } = sla;

  setHandler(claimTaskUpdate, ({ taskId, operatorId }) => {
    const task = openTaskOrThrow(state, taskId);
    if (task.status === 'queued') {
      task.status = 'claimed';
      task.operatorId = operatorId;
      task.claimedAt = nowIso();
      taskChanged();
      event('task_claimed', { taskId, operatorId });
    }
    return { taskId, operatorId };
  }, { validator: ({ taskId, operatorId }) => validateClaim(state, taskId, operatorId) });

  setHandler(operatorReplyUpdate, ({ operatorId, text, channel, requestId, waitForCustomer, attachments }) => {
    const earlier = operatorRequest(state, requestId);
    if (earlier?.messageId) return { messageId: earlier.messageId };
    const task = openTaskOrThrow(state);
    judgeLateAction(['first_response', 'next_response']);
    if (!task.firstRespondedAt) {
      task.firstRespondedAt = nowIso();
      state.firstResponseAt ??= task.firstRespondedAt;
      taskChanged();
    }
    changeClock(task, (clock, now) => operatorReplied(clock, now));
    if (waitForCustomer !== false && state.task === task) {
      task.waitingOnCustomerSince = nowIso();
      changeClock(task, (clock, now) => pauseSlaClock(clock, now));
    }
    // files ride on the message to the delivery (refs only: the bytes stay in attachment storage)
    const withFiles = attachments?.length && issuePatched(REPLY_ATTACHMENTS_PATCH) ? { attachments } : {};
    const messageId = queueToCustomer(text, 'operator', { operatorId, channel, ...withFiles });
    rememberOperatorRequest(state, { requestId, kind: 'reply', messageId });
    return { messageId };
  }, { validator: ({ operatorId, text, requestId }) => validateReply(state, operatorId, text, requestId) });

  setHandler(resolveIssueUpdate, ({ operatorId, requestId }) => {
    if (operatorRequest(state, requestId)) return { status: 'resolved' as const };
    const now = nowIso();
    if (state.task && state.task.status !== 'done') {
      judgeLateAction(['first_response', 'next_response', 'resolution']);
      changeClock(state.task, (clock) => stopSlaClock(clock, now, 'resolved'));
      state.task.status = 'done';
      state.task.closedAt = now;
      taskChanged();
      // the draft served its purpose; the clock stays as its summary
      const { draft: _draft, ...closed } = shownTask(state.task);
      state.pastTasks.push(closed);
      state.task = undefined;
    }
    state.status = 'resolved';
    state.resolvedAt = now;
    state.resolvedBy = 'operator';
    state.waitingSince = undefined;
    if (issuePatched(CSAT_PATCH)) {
      event('resolved', { operatorId });
      csat.askForRating('operator', operatorId);
    } else {
      state.csat = undefined;
      state.csatAskedAt = now;
      event('resolved', { operatorId });
      event('csat_requested');
      queueToCustomer(customerText('csatQuestion', state.classification?.language), 'system');
    }
    if (requestId) rememberOperatorRequest(state, { requestId, kind: 'resolve' });
    return { status: 'resolved' as const };
  }, { validator: ({ operatorId, requestId }) => validateResolve(state, operatorId, turnInFlight(), requestId) });

  setHandler(releaseTaskUpdate, ({ taskId, operatorId }) => {
    const task = state.task!;
    if (task.status === 'claimed') {
      const previousOperator = task.operatorId;
      task.status = 'queued';
      task.operatorId = undefined;
      task.claimedAt = undefined;
      taskChanged();
      event('task_released', { taskId, previousOperator, by: operatorId });
    }
    return { ...task };
  }, { validator: ({ taskId, operatorId, onBehalf }) => { validateTaskHandOver(state, taskId, operatorId, onBehalf); } });

  setHandler(transferTaskUpdate, ({ taskId, operatorId, toOperatorId, toTeamId }) => {
    const task = state.task!;
    const from = { operatorId: task.operatorId, teamId: task.teamId };
    if (toOperatorId) {
      task.status = 'claimed';
      task.operatorId = toOperatorId;
      task.claimedAt = nowIso();
    } else {
      task.status = 'queued';
      task.operatorId = undefined;
      task.claimedAt = undefined;
      task.teamId = toTeamId;
    }
    taskChanged();
    event('task_transferred', { taskId, by: operatorId, from, to: { operatorId: toOperatorId, teamId: toTeamId } });
    return { ...task };
  }, { validator: (args) => validateTransfer(state, args) });

  setHandler(setPriorityUpdate, ({ operatorId, priority }) => {
    if (state.priority !== priority || (state.task && state.task.status !== 'done' && state.task.priority !== priority)) {
      const before = state.priority;
      state.priority = priority;
      if (state.task && state.task.status !== 'done') {
        state.task.priority = priority;
        // the recorded policy's targets of the new priority, keeping the business time already counted
        changeClock(state.task, (clock, now) => retargetSlaClock(clock, priority, now));
        taskChanged();
      }
      event('priority_changed', { before, after: priority, by: operatorId });
    }
    return { priority };
  }, { validator: ({ priority }) => { if (state.status === 'closed') throw new Error(`this issue is closed (priority ${priority} not set)`); } });

  setHandler(reopenIssueUpdate, ({ operatorId, requestId }) => {
    const earlier = operatorRequest(state, requestId);
    if (earlier?.taskId) return { taskId: earlier.taskId };
    reopenIssue(state);
    event('reopened', { reopenCount: state.reopenCount, by: operatorId });
    escalate('reopened', state.priority);
    const taskId = state.task!.taskId;
    if (requestId) rememberOperatorRequest(state, { requestId, kind: 'reopen', taskId });
    return { taskId };
  }, { validator: ({ requestId }) => validateReopen(state, requestId) });
}
