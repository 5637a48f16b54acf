/**
 * FROZEN: the first version of the issue workflow (type `supportIssueWorkflow`), kept unchanged so issues
 * started before the turn was reworked finish on the code they started with (their histories replay in
 * test/replay). New issues run `supportIssueWorkflowV2` (../issue-workflow.ts). Do not edit.
 *
 * One customer issue, from the first message to closing: the assistant answers or escalates to a human task
 * with SLA deadlines; operators claim, reply and resolve through updates; the CSAT question and the reopen
 * window follow resolution. Deterministic code only: every side effect is an activity.
 */
import {
  allHandlersFinished, condition, log, makeContinueAsNewFunc, proxyActivities, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { SupportActivities } from '../../activities/types';
import type { IssueEvent, IssueEventType, ProjectionChange } from '../../activities/types';
import { customerText } from '../../src/domain/customer-texts';
import type { Channel } from '../../src/domain/channel';
import type {
  EscalationReason, HumanTask, InboundMessage, IssueMessage, IssueOutcome, IssueState, IssueWorkflowInput,
  MessageAuthor, SlaKind,
} from '../../src/domain/issue';
import { raisePriority, type Priority } from '../../src/domain/priority';
import { nextDeadline, slaDueAt, slaKindOf, type Deadline } from '../deadlines';
import {
  claimTaskUpdate, csatSignal, customerMessageSignal, issueStateQuery, operatorReplyUpdate, resolveIssueUpdate,
} from '../definitions';
import { openTaskOrThrow, validateClaim, validateReply, validateResolve } from './operator-rules';
import { issueSearchAttributes, issueSearchAttributesForStart } from '../search-attributes';
import { runAssistantTurn } from './assistant-turn';
import { errorText } from '../errors';
import { initialIssueState, rememberMessage, summariseForOperator, MAX_SEEN_IDS } from './issue-state';

/** Delivery must eventually happen, but a dead channel must not hold the issue hostage for days. */
const delivery = proxyActivities<Pick<SupportActivities, 'deliverMessage'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 8 },
});

/** Projections are our own database: retry until it is back (idempotent upserts). */
const projections = proxyActivities<Pick<SupportActivities, 'projectIssue'>>({
  startToCloseTimeout: '20s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

const DEFAULT_CONTINUE_AS_NEW_AFTER = 8_000;

export async function supportIssueWorkflow(input: IssueWorkflowInput): Promise<IssueOutcome> {
  const { policy } = input;
  const state: IssueState = input.carried?.state ?? initialIssueState(input, nowIso());
  const inbox: InboundMessage[] = [...(input.carried?.inbox ?? [])];
  const seen = new Set(state.seenMessageIds);
  // Pending projection writes, flushed in order by `flush()` so PostgreSQL never goes back in time.
  let pendingMessages: IssueMessage[] = [];
  let pendingTasks: HumanTask[] = [];
  let pendingEvents: IssueEvent[] = [];

  // ---- helpers -------------------------------------------------------------------------------------
  function nowIso(): string {
    return new Date(Date.now()).toISOString();
  }
  function nextId(kind: string): string {
    state.seq += 1;
    return `${state.issueId}:${kind}:${state.seq}`;
  }
  function touch(): void {
    state.version += 1;
  }
  function event(type: IssueEventType, data?: Record<string, unknown>): void {
    pendingEvents.push({ eventId: nextId('ev'), type, at: nowIso(), data });
  }
  function taskChanged(): void {
    if (state.task) pendingTasks.push({ ...state.task, breached: [...state.task.breached] });
  }
  let lastSearchAttributes = '';
  async function flush(): Promise<void> {
    touch();
    const attributes = issueSearchAttributes(state);
    const fingerprint = JSON.stringify(attributes.map((a) => a.value));
    if (fingerprint !== lastSearchAttributes) {
      // Only real changes: every upsert is a history event.
      upsertSearchAttributes(attributes);
      lastSearchAttributes = fingerprint;
    }
    const change: ProjectionChange = {
      issue: {
        issueId: state.issueId, customerId: state.customerId, status: state.status, channel: state.channel,
        priority: state.priority, createdAt: state.createdAt, firstResponseAt: state.firstResponseAt,
        resolvedAt: state.resolvedAt, resolvedBy: state.resolvedBy, csat: state.csat, version: state.version,
        category: state.classification?.category, assignedOperatorId: state.task?.operatorId,
        slaDueAt: slaDueAt(state),
      },
      messages: pendingMessages, tasks: pendingTasks, events: pendingEvents,
    };
    pendingMessages = [];
    pendingTasks = [];
    pendingEvents = [];
    await projections.projectIssue(change);
  }
  function addMessage(message: IssueMessage): void {
    rememberMessage(state, message);
    pendingMessages.push(message);
  }

  /** Stores and sends a message to the customer on the channel they wrote from last. */
  async function sendToCustomer(text: string, author: MessageAuthor, operatorId?: string, channel?: Channel): Promise<string> {
    const message: IssueMessage = {
      id: nextId('out'), direction: 'outbound', author, operatorId, channel: channel ?? state.channel, text, at: nowIso(),
    };
    addMessage(message);
    event('message_sent', { messageId: message.id, author });
    await flush();
    try {
      await delivery.deliverMessage({
        issueId: state.issueId, customerId: state.customerId, channel: message.channel, messageId: message.id, text,
      });
    } catch (error) {
      // Recorded on the issue for the operator; the message stays in the history the customer can fetch.
      const failure = { messageId: message.id, channel: message.channel, error: errorText(error), at: nowIso() };
      (state.deliveryFailures ??= []).push(failure);
      event('delivery_failed', { ...failure });
      await flush();
    }
    return message.id;
  }

  async function escalate(reason: EscalationReason, priority: Priority): Promise<void> {
    const now = Date.now();
    state.priority = priority;
    state.status = 'escalated';
    state.waitingSince = undefined;
    state.task = {
      taskId: nextId('task'), status: 'queued', priority, reason, summary: summariseForOperator(state, reason),
      createdAt: new Date(now).toISOString(),
      firstResponseDueAt: new Date(now + policy.firstResponseMs[priority]).toISOString(),
      resolutionDueAt: new Date(now + policy.resolutionMs[priority]).toISOString(),
      breached: [],
    };
    taskChanged();
    event('escalated', { reason, priority, taskId: state.task.taskId });
    const text = reason === 'assistant_unavailable' ? 'assistantUnavailable' : 'escalated';
    await sendToCustomer(customerText(text, state.classification?.language), 'system');
  }

  async function handleCustomerMessage(message: InboundMessage): Promise<void> {
    state.channel = message.channel;
    state.lastCustomerMessageAt = nowIso();
    const messageId = nextId('in');
    addMessage({
      id: messageId, direction: 'inbound', author: 'customer', channel: message.channel, text: message.text,
      at: message.receivedAt, externalMessageId: message.externalMessageId,
    });
    event('message_received', { externalMessageId: message.externalMessageId, channel: message.channel });
    if (state.status === 'resolved' || state.status === 'closed') {
      state.reopenCount += 1;
      const humanHandled = state.resolvedBy === 'operator';
      state.status = 'open';
      state.resolvedAt = undefined;
      state.resolvedBy = undefined;
      event('reopened', { reopenCount: state.reopenCount });
      if (humanHandled) {
        await flush();
        return escalate('reopened', state.priority);
      }
    }
    if (state.task && state.task.status !== 'done') {
      // A person owns the issue: the message waits for them in the console.
      await flush();
      return;
    }
    state.status = 'open';
    await flush();
    await runAssistantTurn({ state, nowIso, event, escalate, sendToCustomer }, message, messageId);
  }

  async function handleDeadline(deadline: Deadline): Promise<void> {
    const slaKind = slaKindOf(deadline.kind);
    if (slaKind) return recordBreach(slaKind, deadline.at);
    if (deadline.kind === 'nudge') {
      state.nudged = true;
      event('nudged');
      await sendToCustomer(customerText('nudge', state.classification?.language), 'system');
    } else if (deadline.kind === 'auto_close') {
      state.status = 'closed';
      state.resolvedAt = nowIso();
      state.resolvedBy = 'auto_close';
      event('auto_closed');
      await sendToCustomer(customerText('autoClosed', state.classification?.language), 'system');
    } else if (deadline.kind === 'reopen_window_end') {
      state.status = 'closed';
      event('closed');
      await flush();
    }
  }

  /** A breach is recorded once per task and kind, raises the priority and puts the task back in the queue. */
  async function recordBreach(kind: SlaKind, dueAt: number): Promise<void> {
    const task = state.task;
    if (!task || task.breached.includes(kind)) return;
    const before = task.priority;
    const after = raisePriority(before);
    task.breached.push(kind);
    task.priority = after;
    state.priority = after;
    const breach = {
      taskId: task.taskId, kind, dueAt: new Date(dueAt).toISOString(), breachedAt: nowIso(),
      priorityBefore: before, priorityAfter: after,
    };
    state.breaches.push(breach);
    const previousOperator = task.operatorId;
    if (task.status === 'claimed') {
      task.status = 'queued';
      task.operatorId = undefined;
      task.claimedAt = undefined;
      event('task_requeued', { taskId: task.taskId, previousOperator });
    }
    taskChanged();
    event('sla_breached', { ...breach });
    event('supervisor_notified', { taskId: task.taskId, kind, previousOperator, priority: after });
    await flush();
  }

  // ---- handlers ------------------------------------------------------------------------------------
  setHandler(customerMessageSignal, (message) => {
    const key = `${message.channel}:${message.externalMessageId}`;
    if (seen.has(key)) return; // a re-delivered webhook changes nothing
    seen.add(key);
    state.seenMessageIds.push(key);
    if (state.seenMessageIds.length > MAX_SEEN_IDS) {
      const dropped = state.seenMessageIds.splice(0, state.seenMessageIds.length - MAX_SEEN_IDS);
      for (const id of dropped) seen.delete(id);
    }
    inbox.push(message);
  });

  setHandler(issueStateQuery, () => state);

  setHandler(csatSignal, ({ score, comment }) => {
    if (!state.csatAskedAt || state.csat) return;
    if (!Number.isInteger(score) || score < 1 || score > 5) return;
    state.csat = { score, comment, at: nowIso() };
    event('csat_received', { score });
    touch();
  });

  const requireOpenTask = (taskId?: string) => openTaskOrThrow(state, taskId);

  setHandler(claimTaskUpdate, async ({ taskId, operatorId }) => {
    const task = requireOpenTask(taskId);
    if (task.status === 'queued') {
      task.status = 'claimed';
      task.operatorId = operatorId;
      task.claimedAt = nowIso();
      taskChanged();
      event('task_claimed', { taskId, operatorId });
      await flush();
    }
    return { taskId, operatorId };
  }, { validator: ({ taskId, operatorId }) => validateClaim(state, taskId, operatorId) });

  setHandler(operatorReplyUpdate, async ({ operatorId, text, channel }) => {
    const task = requireOpenTask();
    if (!task.firstRespondedAt) {
      task.firstRespondedAt = nowIso();
      state.firstResponseAt ??= task.firstRespondedAt;
      taskChanged();
    }
    const messageId = await sendToCustomer(text, 'operator', operatorId, channel);
    return { messageId };
  }, { validator: ({ operatorId, text }) => validateReply(state, operatorId, text) });

  setHandler(resolveIssueUpdate, async ({ operatorId }) => {
    const now = nowIso();
    if (state.task && state.task.status !== 'done') {
      state.task.status = 'done';
      state.task.closedAt = now;
      taskChanged();
      state.pastTasks.push(state.task);
      state.task = undefined;
    }
    state.status = 'resolved';
    state.resolvedAt = now;
    state.resolvedBy = 'operator';
    state.waitingSince = undefined;
    state.csat = undefined;
    state.csatAskedAt = now;
    event('resolved', { operatorId });
    event('csat_requested');
    await sendToCustomer(customerText('csatQuestion', state.classification?.language), 'system');
    return { status: 'resolved' as const };
  }, { validator: ({ operatorId }) => validateResolve(state, operatorId) });

  // ---- main loop -----------------------------------------------------------------------------------
  if (!input.carried) {
    event('created', { channel: state.channel });
    await flush();
  }
  const continueAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;

  for (;;) {
    // Signal handlers cannot run activities: what they changed is projected here.
    if (pendingEvents.length > 0) await flush();
    const next = inbox.shift();
    if (next) {
      await handleCustomerMessage(next);
      continue;
    }
    if (state.status === 'closed') {
      // A message that raced with closing reopens the issue instead of being lost.
      await condition(allHandlersFinished);
      if (inbox.length === 0) break;
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= continueAfter) {
      await condition(allHandlersFinished);
      if (inbox.length === 0) {
        log.info('continuing as new', { historyLength: info.historyLength });
        state.seenMessageIds = [...seen];
        const next = makeContinueAsNewFunc<typeof supportIssueWorkflow>({
          memo: { issueId: state.issueId },
          typedSearchAttributes: issueSearchAttributesForStart(state),
        });
        return next({ ...input, carried: { state, inbox: [...inbox] } });
      }
      continue;
    }
    const deadline = nextDeadline(state, policy);
    const version = state.version;
    const changed = () => inbox.length > 0 || state.version !== version;
    if (!deadline) {
      await condition(changed);
      continue;
    }
    const wait = deadline.at - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    await handleDeadline(deadline);
  }

  return { issueId: state.issueId, status: state.status, resolvedBy: state.resolvedBy, csat: state.csat };
}
