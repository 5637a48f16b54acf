/** Signals, queries and updates of the issue workflow: the contract between the gateway and the workflow. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel } from '../src/domain/channel';
import type { InboundMessage, IssueState } from '../src/domain/issue';

/** New issues start this type; running issues of the first version (`supportIssueWorkflow`) finish on it. */
export const ISSUE_WORKFLOW_TYPE = 'supportIssueWorkflowV3';

export const customerMessageSignal = defineSignal<[InboundMessage]>('customerMessage');
export const csatSignal = defineSignal<[{ score: number; comment?: string }]>('csat');
export const issueStateQuery = defineQuery<IssueState>('issueState');

export interface ClaimTaskArgs { taskId: string; operatorId: string }
export interface OperatorReplyArgs {
  operatorId: string;
  text: string;
  requestId: string;
  /** send through this channel instead of the one the customer wrote from last */
  channel?: Channel;
}
export interface ResolveArgs {
  operatorId: string;
  /** the operator's request id (Idempotency-Key): a retry returns the first result */
  requestId?: string;
}

export const claimTaskUpdate = defineUpdate<{ taskId: string; operatorId: string }, [ClaimTaskArgs]>('claimTask');
export const operatorReplyUpdate = defineUpdate<{ messageId: string }, [OperatorReplyArgs]>('operatorReply');
export const resolveIssueUpdate = defineUpdate<{ status: 'resolved' }, [ResolveArgs]>('resolveIssue');
