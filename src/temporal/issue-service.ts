import { randomUUID } from 'node:crypto';
import {
  WorkflowUpdateFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle,
} from '@temporalio/client';
import type { Channel } from '../domain/channel';
import type { InboundMessage, IssueState, IssueWorkflowInput } from '../domain/issue';
import type { SupportPolicy } from '../domain/policy';
import {
  ISSUE_WORKFLOW_TYPE, claimTaskUpdate, csatSignal, customerMessageSignal, issueStateQuery, operatorReplyUpdate,
  resolveIssueUpdate,
} from '../../workflows/definitions';
import {
  ChannelKey, CustomerIdKey, IssueStatusKey, PriorityKey,
} from '../../workflows/search-attributes';

/** One workflow id per customer: at most one open issue per customer, and every channel reaches it. */
export function issueWorkflowId(customerId: string): string {
  return `support-issue-${customerId}`;
}

/** The operator asked for something the issue refuses (not their task, already resolved, ...). */
export class IssueActionRefused extends Error {
  override name = 'IssueActionRefused';
}
/** No worker answered in time: the request was not applied and can be retried. */
export class WorkersUnavailable extends Error {
  override name = 'WorkersUnavailable';
}

/** The gateway's way into issue workflows. */
export class IssueService {
  constructor(
    private readonly client: Client,
    private readonly options: { taskQueue: string; policy: SupportPolicy; continueAsNewAfterEvents?: number; workerWaitMs?: number },
  ) {}

  /**
   * Hands a customer message to the customer's issue workflow, starting a new issue when none is open.
   * Resolves once Temporal has durably accepted the signal; no worker needs to be running.
   */
  async acceptMessage(message: InboundMessage): Promise<{ issueId: string; workflowId: string }> {
    const workflowId = issueWorkflowId(message.customerId);
    const input: IssueWorkflowInput = {
      issueId: randomUUID(),
      customerId: message.customerId,
      channel: message.channel,
      policy: this.options.policy,
      continueAsNewAfterEvents: this.options.continueAsNewAfterEvents,
    };
    const handle = await this.client.workflow.signalWithStart(ISSUE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.options.taskQueue,
      args: [input],
      signal: customerMessageSignal,
      signalArgs: [message],
      memo: { issueId: input.issueId },
      typedSearchAttributes: [
        { key: CustomerIdKey, value: message.customerId },
        { key: ChannelKey, value: message.channel },
        { key: IssueStatusKey, value: 'open' },
        { key: PriorityKey, value: 'normal' },
      ],
    });
    // The running issue (new or existing) names itself in its memo; describing needs no worker.
    const description = await handle.describe();
    const issueId = String(description.memo?.issueId ?? input.issueId);
    return { issueId, workflowId };
  }

  private handle(workflowId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId);
  }

  /** Live state of the issue, or undefined when its workflow is no longer the customer's current one. */
  async issueState(workflowId: string, issueId: string): Promise<IssueState | undefined> {
    try {
      const state = await this.withWorkers(() => this.handle(workflowId).query(issueStateQuery));
      return state.issueId === issueId ? state : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async claimTask(workflowId: string, issueId: string, taskId: string, operatorId: string) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(claimTaskUpdate, { args: [{ taskId, operatorId }] }));
  }

  async reply(workflowId: string, issueId: string, operatorId: string, text: string, requestId?: string, channel?: Channel) {
    const id = requestId ?? randomUUID();
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(operatorReplyUpdate, {
        args: [{ operatorId, text, requestId: id, channel }],
        // Temporal drops a repeated update id, so a client retrying with the same Idempotency-Key sends once.
        updateId: `reply-${issueId}-${id}`,
      }));
  }

  async resolve(workflowId: string, issueId: string, operatorId: string) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(resolveIssueUpdate, { args: [{ operatorId }] }));
  }

  async submitCsat(workflowId: string, issueId: string, score: number, comment?: string): Promise<void> {
    const state = await this.issueState(workflowId, issueId);
    if (!state) throw new IssueActionRefused('this issue is closed');
    if (!state.csatAskedAt || state.csat) throw new IssueActionRefused('this issue is not waiting for a rating');
    await this.handle(workflowId).signal(csatSignal, { score, comment });
  }

  private async update<T>(workflowId: string, issueId: string, run: () => Promise<T>): Promise<T> {
    // Updates go to the customer's current run: make sure it is the issue the operator means.
    const state = await this.issueState(workflowId, issueId);
    if (!state) throw new IssueActionRefused('this issue is closed');
    try {
      return await this.withWorkers(run);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new IssueActionRefused(error.cause?.message ?? error.message);
      }
      throw error;
    }
  }

  /** Queries and updates need a worker; give up after a while with a retryable error instead of hanging. */
  private async withWorkers<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.workerWaitMs ?? 15_000);
    try {
      return await this.client.withDeadline(deadline, fn);
    } catch (error) {
      const code = (error as { code?: number }).code;
      // 4 = DEADLINE_EXCEEDED; also the SDK's own timeout wrapping.
      if (code === 4 || /deadline/i.test((error as Error).message ?? '')) {
        throw new WorkersUnavailable('no worker answered in time; try again');
      }
      throw error;
    }
  }
}

export type { Channel };
