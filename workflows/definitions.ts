/** Signals, queries and updates of the issue workflow: the contract between the gateway and the workflow. */
import type { AttachmentRef } from '../src/domain/attachment';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel } from '../src/domain/channel';
import type { HumanTask, InboundMessage, IssueState } from '../src/domain/issue';
import type { Priority } from '../src/domain/priority';

/** New issues start this type; running issues of the first version (`supportIssueWorkflow`) finish on it. */
export const ISSUE_WORKFLOW_TYPE = 'supportIssueWorkflowV4';

export const customerMessageSignal = defineSignal<[InboundMessage]>('customerMessage');
/** A rating from a button, a link, the widget or the API (`channel`: where it came from). */
export const csatSignal = defineSignal<[{ score: number; comment?: string; channel?: Channel }]>('csat');
export const issueStateQuery = defineQuery<IssueState>('issueState');
/**
 * A word to the customer from the platform itself, in their conversation (e.g. "we mailed you a code" after
 * "LINK <address>"); `noticeId` makes a re-delivered request change nothing. The workflow picks the text in the
 * issue's language.
 */
export interface SystemNotice { noticeId: string; channel: Channel; text: { en: string; ru: string } }
export const systemNoticeSignal = defineSignal<[SystemNotice]>('systemNotice');

export interface ClaimTaskArgs { taskId: string; operatorId: string }
export interface OperatorReplyArgs {
  operatorId: string;
  text: string;
  requestId: string;
  /** send through this channel instead of the one the customer wrote from last */
  channel?: Channel;
  /**
   * The reply hands the issue to the customer (a question, an answer): the SLA clock pauses until they write.
   * False for "I'll get back to you": the team still owes the next step, the clock keeps counting. Default true.
   */
  waitForCustomer?: boolean;
  /** files the operator uploaded for this reply (stored already; only their refs travel) */
  attachments?: AttachmentRef[];
}
export interface ResolveArgs {
  operatorId: string;
  /** the operator's request id (Idempotency-Key): a retry returns the first result */
  requestId?: string;
}

export interface ReleaseTaskArgs {
  taskId: string;
  operatorId: string;
  /** a supervisor or admin releasing someone else's claim */
  onBehalf?: boolean;
}
export interface TransferTaskArgs {
  taskId: string;
  operatorId: string;
  onBehalf?: boolean;
  /** hand the task to this operator (they hold it at once) … */
  toOperatorId?: string;
  /** … or to this team's queue */
  toTeamId?: string;
}
export interface SetPriorityArgs { operatorId: string; priority: Priority }
export interface ReopenArgs { operatorId: string; requestId?: string }

export const claimTaskUpdate = defineUpdate<{ taskId: string; operatorId: string }, [ClaimTaskArgs]>('claimTask');
export const operatorReplyUpdate = defineUpdate<{ messageId: string }, [OperatorReplyArgs]>('operatorReply');
export const resolveIssueUpdate = defineUpdate<{ status: 'resolved' }, [ResolveArgs]>('resolveIssue');
/** Puts a claimed task back in the queue (the holder, or a supervisor on their behalf). */
export const releaseTaskUpdate = defineUpdate<HumanTask, [ReleaseTaskArgs]>('releaseTask');
export const transferTaskUpdate = defineUpdate<HumanTask, [TransferTaskArgs]>('transferTask');
export const setPriorityUpdate = defineUpdate<{ priority: Priority }, [SetPriorityArgs]>('setPriority');
/** An operator reopens a resolved issue (within the reopen window): a new task in the queue. */
export const reopenIssueUpdate = defineUpdate<{ taskId: string }, [ReopenArgs]>('reopenIssue');
