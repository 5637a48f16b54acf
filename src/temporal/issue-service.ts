import type { AttachmentRef } from '../domain/attachment';
import { randomUUID } from 'node:crypto';
import {
  WorkflowUpdateFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { IssueRegistry } from '../db/issue-registry';
import type { Channel } from '../domain/channel';
import type { InboundMessage, IssueState, IssueWorkflowInput } from '../domain/issue';
import type { SupportPolicy } from '../domain/policy';
import { signalWithStartReportingStart } from './signal-with-start';
import { ISSUE_PATCHES } from '../../workflows/patches';
import { SwitchboardExperimentKey } from '../experiments/experiment-search-attribute';
import type { ExperimentAssignment } from '../experiments/customer-scenario';
import {
  ISSUE_WORKFLOW_TYPE, claimTaskUpdate, csatSignal, customerMessageSignal, issueStateQuery, operatorReplyUpdate,
  releaseTaskUpdate, reopenIssueUpdate, resolveIssueUpdate, setPriorityUpdate, systemNoticeSignal, transferTaskUpdate,
  type ReleaseTaskArgs, type SetPriorityArgs, type SystemNotice, type TransferTaskArgs,
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

export interface IssueServiceOptions {
  taskQueue: string;
  policy: SupportPolicy;
  continueAsNewAfterEvents?: number;
  /** PostgreSQL's knowledge of issues: one Temporal call per message, dedup after a run ended, reads without workers */
  registry?: IssueRegistry;
  /** how long a query waits for a worker before the projection answers instead (ms) */
  queryWaitMs?: number;
  /** how long an operator action waits for a worker before answering 503 (ms) */
  updateWaitMs?: number;
  /** A/B tests of scenarios: the customer's variants at intake, and where they are recorded for analytics */
  experiments?: IntakeExperiments;
}

/** How intake learns and records a customer's experiment variants (src/experiments/intake-experiments.ts). */
export interface IntakeExperiments {
  assign(customerId: string, channel: Channel): Promise<ExperimentAssignment[]>;
  record(customerId: string, assignments: ExperimentAssignment[]): Promise<void>;
}

/** A worker that has not polled the task queue for this long is gone (long polls last about a minute). */
const POLLER_SILENCE_MS = 75_000;

/** The gateway's way into issue workflows. */
export class IssueService {
  private pollersSeen?: { at: number; alive: boolean };

  constructor(private readonly client: Client, private readonly options: IssueServiceOptions) {}

  /** How long after the CSAT question a rating is taken (the support policy's csatWait). */
  get ratingWindowMs(): number {
    return this.options.policy.csatWaitMs;
  }

  /**
   * Hands a customer message to the customer's issue workflow, starting a new issue when none is open.
   * Resolves once Temporal has durably accepted the signal; no worker needs to be running. A message taken
   * already (a re-delivered webhook, even after its issue closed) changes nothing.
   */
  async acceptMessage(message: InboundMessage): Promise<{
    issueId: string; workflowId: string; duplicate?: boolean;
    /** the issue's row is in PostgreSQL already (named from there, or recorded here) */
    registered?: boolean;
  }> {
    const workflowId = issueWorkflowId(message.customerId);
    const registry = this.options.registry;
    const taken = await registry?.issueOfInboundMessage(message.customerId, message.channel, message.externalMessageId);
    if (taken) return { issueId: taken, workflowId, duplicate: true, registered: true };
    const input: IssueWorkflowInput = {
      issueId: randomUUID(),
      customerId: message.customerId,
      channel: message.channel,
      policy: this.options.policy,
      continueAsNewAfterEvents: this.options.continueAsNewAfterEvents,
      // the new run has every change of the workflow code this gateway ships (workflows/patches.ts)
      patches: [...ISSUE_PATCHES],
    };
    // The variants are a hash of experiment and customer: the same on every gateway, so a retry agrees.
    const assignments = await this.options.experiments?.assign(message.customerId, message.channel) ?? [];
    // One call to Temporal, which also says whether it started the run: only then is this call's issue id the
    // issue's (a retry after PostgreSQL failed below, or a concurrent message, signals the run another call started).
    const request = {
      workflowId,
      workflowType: ISSUE_WORKFLOW_TYPE,
      taskQueue: this.options.taskQueue,
      args: [input],
      signalName: customerMessageSignal.name,
      signalArgs: [message],
      memo: {
        issueId: input.issueId,
        ...(assignments.length ? { experiments: Object.fromEntries(assignments.map((a) => [a.experimentId, a.variant])) } : {}),
      },
      typedSearchAttributes: [
        { key: CustomerIdKey, value: message.customerId },
        { key: ChannelKey, value: message.channel },
        { key: IssueStatusKey, value: 'open' },
        { key: PriorityKey, value: 'normal' },
        ...(assignments.length ? [{ key: SwitchboardExperimentKey, value: assignments.map((a) => a.tag) }] : []),
      ],
    };
    const { runId, started } = await signalWithStartReportingStart(this.client, request).catch((error: unknown) => {
      // A namespace set up before experiments existed does not know the attribute: the issue starts without it
      // (memo and PostgreSQL still carry the variants) rather than the customer's message being refused.
      if (!assignments.length || !unknownExperimentAttribute(error)) throw error;
      return signalWithStartReportingStart(this.client, {
        ...request, typedSearchAttributes: request.typedSearchAttributes.filter((a) => a.key !== SwitchboardExperimentKey),
      });
    });
    // recorded whether or not this call started the run (idempotent): the customer takes part from now on
    if (assignments.length) await this.options.experiments!.record(message.customerId, assignments);
    if (started) {
      await registry?.recordStart({ ...input, workflowId, runId });
      return { issueId: input.issueId, workflowId, registered: registry !== undefined };
    }
    // Which issue the signalled run belongs to, from PostgreSQL: no second call to Temporal.
    const known = await registry?.issueOfRun(runId);
    if (known) return { issueId: known, workflowId, registered: true };
    // A run PostgreSQL does not know yet (its start was not recorded, or a continued run not projected yet): the
    // run names its issue in its memo, and describing needs no worker.
    const description = await this.handle(workflowId).describe();
    const issueId = description.memo?.issueId;
    if (typeof issueId !== 'string') throw new Error(`workflow ${workflowId} has no issue id in its memo`);
    return { issueId, workflowId };
  }

  private handle(workflowId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId);
  }

  /**
   * Live state of the issue, or undefined when its workflow is no longer the customer's current one or has
   * closed (a completed run still answers queries, but nothing can be done to it any more).
   */
  async issueState(workflowId: string, issueId: string, waitMs = this.options.queryWaitMs ?? 2_000): Promise<IssueState | undefined> {
    try {
      await this.requireWorkers();
      const state = await this.withWorkers(waitMs, () => this.handle(workflowId).query(issueStateQuery));
      return state.issueId === issueId && state.status !== 'closed' ? state : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The issue for reading: live from its workflow, or as last projected to PostgreSQL when no worker answers
   * (`stale: true`), or undefined when it is closed.
   */
  async readIssue(workflowId: string, issueId: string): Promise<{ state: IssueState; stale: boolean } | undefined> {
    try {
      const state = await this.issueState(workflowId, issueId);
      return state ? { state, stale: false } : undefined;
    } catch (error) {
      // Whatever kept the workflow from answering (no worker, a worker dying mid-query, a workflow task being
      // retried), a read can be served from PostgreSQL instead of failing.
      const lastKnown = await this.options.registry?.lastKnownState(issueId).catch(() => undefined);
      if (!lastKnown) throw error;
      return { state: lastKnown, stale: true };
    }
  }

  async claimTask(workflowId: string, issueId: string, taskId: string, operatorId: string) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(claimTaskUpdate, { args: [{ taskId, operatorId }] }));
  }

  /**
   * The operator's reply. The workflow keeps the request id across continue-as-new and Temporal drops a repeated
   * update id, so a client retrying with the same Idempotency-Key (after a timeout, a 503) sends once.
   */
  async reply(
    workflowId: string, issueId: string, operatorId: string, text: string, requestId?: string, channel?: Channel,
    options: { waitForCustomer?: boolean; attachments?: AttachmentRef[] } = {},
  ) {
    const id = requestId ?? randomUUID();
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(operatorReplyUpdate, {
        args: [{
          operatorId, text, requestId: id, channel, ...(options.waitForCustomer === false ? { waitForCustomer: false } : {}),
          ...(options.attachments?.length ? { attachments: options.attachments } : {}),
        }],
        updateId: `reply-${issueId}-${id}`,
      }));
  }

  async resolve(workflowId: string, issueId: string, operatorId: string, requestId?: string) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(resolveIssueUpdate, {
        args: [{ operatorId, requestId }],
        ...(requestId ? { updateId: `resolve-${issueId}-${requestId}` } : {}),
      }));
  }

  async releaseTask(workflowId: string, issueId: string, args: ReleaseTaskArgs) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(releaseTaskUpdate, { args: [args] }));
  }

  async transferTask(workflowId: string, issueId: string, args: TransferTaskArgs) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(transferTaskUpdate, { args: [args] }));
  }

  async setPriority(workflowId: string, issueId: string, args: SetPriorityArgs) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(setPriorityUpdate, { args: [args] }));
  }

  /** Reopens a resolved issue; with a request id a retry returns the first task instead of reopening twice. */
  async reopen(workflowId: string, issueId: string, operatorId: string, requestId?: string) {
    return this.update(workflowId, issueId, () =>
      this.handle(workflowId).executeUpdate(reopenIssueUpdate, {
        args: [{ operatorId, requestId }],
        ...(requestId ? { updateId: `reopen-${issueId}-${requestId}` } : {}),
      }));
  }

  /**
   * A word from the platform in the customer's running issue (systemNoticeSignal), delivered like a reply. False
   * when the customer has no issue running: there is no conversation to say it in.
   */
  async sendSystemNotice(customerId: string, notice: SystemNotice): Promise<boolean> {
    try {
      await this.handle(issueWorkflowId(customerId)).signal(systemNoticeSignal, notice);
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** The API channel's rating: refused when the issue is not waiting for one (or was rated already). */
  async submitCsat(workflowId: string, issueId: string, score: number, comment?: string): Promise<void> {
    const result = await this.rate(workflowId, issueId, { score, comment, channel: 'api' });
    if (result.outcome === 'already_rated') throw new IssueActionRefused('this issue is not waiting for a rating');
  }

  /**
   * A rating from a Telegram button, an e-mail link, the widget's stars or the API, once the question was asked
   * and within the rating window (also after the assistant's issue closed itself, while its workflow waits).
   * Rated already: `already_rated` with the rating that stands; a comment for that same score is added to it.
   */
  async rate(workflowId: string, issueId: string, rating: { score: number; comment?: string; channel: Channel }): Promise<{
    outcome: 'recorded' | 'already_rated'; csat?: IssueState['csat'];
  }> {
    let state: IssueState;
    try {
      await this.requireWorkers();
      state = await this.withWorkers(this.options.queryWaitMs ?? 2_000, () => this.handle(workflowId).query(issueStateQuery));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new IssueActionRefused('this issue is closed');
      throw error;
    }
    if (state.issueId !== issueId) throw new IssueActionRefused('this issue is closed');
    const comment = rating.comment?.trim() || undefined;
    if (state.csat) {
      if (!(comment && state.csatRequest && !state.csat.comment && state.csat.score === rating.score)) {
        return { outcome: 'already_rated', csat: state.csat };
      }
    } else {
      const windowEnds = state.csatAskedAt ? Date.parse(state.csatAskedAt) + this.options.policy.csatWaitMs : 0;
      const running = state.status !== 'closed' || Boolean(state.csatRequest?.openUntil);
      if (!state.csatAskedAt || !running || Date.now() > windowEnds) {
        throw new IssueActionRefused('this issue is not waiting for a rating');
      }
    }
    await this.handle(workflowId).signal(csatSignal, { score: rating.score, comment, channel: rating.channel });
    return { outcome: 'recorded' };
  }

  private async update<T>(workflowId: string, issueId: string, run: () => Promise<T>): Promise<T> {
    // Updates go to the customer's current run: make sure it is the issue the operator means.
    // (an action waits as long for this check as for itself: a busy worker is not a missing one)
    const state = await this.issueState(workflowId, issueId, this.options.updateWaitMs ?? 5_000);
    if (!state) throw new IssueActionRefused('this issue is closed');
    try {
      return await this.withWorkers(this.options.updateWaitMs ?? 5_000, run);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new IssueActionRefused(error.cause?.message ?? error.message);
      }
      throw error;
    }
  }

  /**
   * Fails fast when no worker has polled the issue task queue lately, instead of waiting out a deadline.
   * The answer is cached for a second: this runs before every query and action.
   */
  private async requireWorkers(): Promise<void> {
    const now = Date.now();
    if (!this.pollersSeen || now - this.pollersSeen.at > 1_000) {
      let alive = true;
      try {
        const { pollers } = await this.client.withDeadline(now + 1_000, () => this.client.workflowService.describeTaskQueue({
          namespace: this.client.options.namespace,
          taskQueue: { name: this.options.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }));
        alive = (pollers ?? []).some((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1_000 < POLLER_SILENCE_MS;
        });
      } catch {
        // Temporal itself did not answer: let the call that follows report it.
      }
      this.pollersSeen = { at: now, alive };
    }
    if (!this.pollersSeen.alive) throw new WorkersUnavailable('no worker is running; try again shortly');
  }

  /** Queries and updates need a worker; give up after `waitMs` with a retryable error instead of hanging. */
  private async withWorkers<T>(waitMs: number, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + waitMs, fn);
    } catch (error) {
      if (noAnswerInTime(error)) {
        throw new WorkersUnavailable('no worker answered in time; try again (with the same Idempotency-Key)');
      }
      throw error;
    }
  }
}

/** Temporal's INVALID_ARGUMENT for a search attribute the namespace has no mapping for: SwitchboardExperiment. */
function unknownExperimentAttribute(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; details?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    if (e.code === 3 && /SwitchboardExperiment/.test(`${String(e.details ?? '')} ${String(e.message ?? '')}`)) return true;
  }
  return false;
}

/**
 * The call got no answer, so whether it was applied is unknown and a retry (same Idempotency-Key) is safe:
 * gRPC DEADLINE_EXCEEDED (4), or CANCELLED (1, "Call cancelled": seen on queries and updates while the worker
 * holding the workflow was killed), anywhere in the error's cause chain (the SDK wraps them).
 */
export function noAnswerInTime(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    // DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE: nothing was decided, retry later
    if ([1, 4, 8, 10, 14].includes(e.code as number) || (typeof e.message === 'string' && /deadline/i.test(e.message))) return true;
  }
  return false;
}

export type { Channel };
