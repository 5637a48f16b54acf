/**
 * One customer issue, from the first message to closing (workflow type `supportIssueWorkflowV4`; V3 for issues
 * started before it, workflows/patches.ts): the assistant
 * answers or escalates to a human task with SLA deadlines; operators claim, reply and resolve through updates;
 * the CSAT question and the reopen window follow resolution. Deterministic code only: every side effect is an
 * activity.
 *
 * Loops share the state, so no slow step holds up another:
 *   - the main loop only judges the clocks (SLA, nudge, auto-close, reopen window) and never awaits an activity;
 *   - the turn loop answers what the customer wrote since the last turn, a burst in one turn;
 *   - the delivery loop sends queued messages in order, one at a time;
 *   - the projection loop writes the pending changes to PostgreSQL (workflows/projection-queue.ts);
 *   - the routing loop tells the team dispatchers about the task;
 *   - the SLA loop records the policy in force on each new task (workflows/issue-sla-clock.ts).
 * Handlers and deadline handling only change the state and queue work, so an operator's update completes as
 * soon as its effect is in the workflow's history, and delivery follows from the delivery loop.
 */
import {
  CancellationScope, allHandlersFinished, condition, log, makeContinueAsNewFunc, proxyActivities,
  setCurrentDetails, setHandler, sleep, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { IssueEventType, SupportActivities } from '../activities/types';
import type { RoutingActivities } from '../activities/routing/types';
import { taskNotices, taskSnapshotOf, type DispatcherNotice } from '../src/domain/routing/task-notices';
import { answerByText, answerExpectedText } from '../src/domain/calendar/answer-expected';
import { CSAT_COMMENT_MAX_CHARS, bareRating, ratingWindowOpen } from '../src/domain/csat-reply';
import { customerText } from '../src/domain/customer-texts';
import type { Channel } from '../src/domain/channel';
import type {
  EscalationReason, InboundMessage, IssueMessage, IssueOutcome, IssueState, IssueWorkflowInput,
  MessageAuthor, PendingDelivery, TaskDraft,
} from '../src/domain/issue';
import type { Priority } from '../src/domain/priority';
// (the SLA modules one by one: the package's index carries the admin API's zod schemas, kept out of the bundle)
import { startSlaClock } from '../src/domain/sla/sla-clock';
import { shownTask } from '../src/domain/sla/task-sla';
import { STATE_LIMITS, fitStateBudget } from '../src/domain/state-budget';
import { nextDeadline, slaDueAt, slaKindOf, type Deadline } from './deadlines';
import { ISSUE_WORKFLOW_TYPE, csatSignal, customerMessageSignal, issueStateQuery, systemNoticeSignal } from './definitions';
import { experimentAttribute, issueSearchAttributes, issueSearchAttributesForStart } from './search-attributes';
import { runAssistantTurn, type DirectSend } from './assistant-turn';
import { answeredIssue } from '../src/domain/turn-decision';
import { errorText } from './errors';
import { initialIssueState, recordFailure, rememberMessage, reopenIssue, summariseForOperator } from './issue-state';
import { publicIssueState } from './public-state';
import { issueSlaClock } from './issue-sla-clock';
import { ProjectionQueue } from './projection-queue';
import { issueCsat } from './issue-csat';
import { handleOperatorUpdates } from './issue-operator-updates';
import {
  ANSWER_BY_PATCH, ATTRIBUTES_AFTER_TURN_PATCH, CONTINUE_WHILE_CUSTOMER_WAITS_PATCH, CSAT_PATCH, ISSUE_PATCHES,
  RECORD_ONLY_INBOUND_PATCH, SYSTEM_NOTICE_PATCH, issuePatched, startedWithEveryPatch,
} from './patches';

/**
 * Delivery must eventually happen, but a dead channel must not hold the issue hostage for days. The activity
 * heartbeats while it sends, so a dead worker is noticed in 10 s and the retry waits for the claim to lapse.
 */
const delivery = proxyActivities<Pick<SupportActivities, 'deliverMessage'>>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 8 },
});

/**
 * Projections are short writes to our own database, usually carried by the turn or the delivery that follows
 * the change; alone only when nothing else is going out (a claim, a breach). A database outage is retried
 * until it is back (idempotent upserts); a change PostgreSQL refuses for good fails non-retryably and is
 * recorded. A regular activity, not a local one: a local activity resolving beside other commands can be
 * replayed in another order than it ran.
 */
const projections = proxyActivities<Pick<SupportActivities, 'projectIssue'>>({
  startToCloseTimeout: '20s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

/**
 * Telling a team's dispatcher about the task: a signal-with-start, retried a while (the queue waits for it), then
 * given up — the dispatcher's periodic check against PostgreSQL catches up with a lost notice.
 */
const routing = proxyActivities<Pick<RoutingActivities, 'notifyDispatcher'>>({
  startToCloseTimeout: '15s',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});
/** The policy in force, only to tell a customer when the team is back (nobody suitable online). */
const slaPolicies = proxyActivities<Pick<SupportActivities, 'slaPolicyInForce'>>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});


const DEFAULT_CONTINUE_AS_NEW_AFTER = 8_000;
/**
 * Continue-as-new at a moment the customer is waiting for us (their message just came in, and goes to the next
 * run) or after they have been quiet this long. Before, a run continued the moment it fell idle, which is right
 * after a reply went out: a customer writing back at once made the server refuse the continue-as-new
 * (UnhandledCommand), and each refusal cost a replay of the whole long history (3-6 s per answer after 200
 * turns, measured by `npm run bench -- --long 500`). (CONTINUE_WHILE_CUSTOMER_WAITS_PATCH)
 */
const CONTINUE_QUIET_MS = 2_000;

/** One customer issue (the type the gateway starts): the issue workflow with every patch of the V3 era from its start. */
export async function supportIssueWorkflowV4(input: IssueWorkflowInput): Promise<IssueOutcome> {
  startedWithEveryPatch(input.patches);
  return issueWorkflow(input);
}

/** Issues started before V4: the same code, asking Temporal for each patch (workflows/patches.ts). */
export async function supportIssueWorkflowV3(input: IssueWorkflowInput): Promise<IssueOutcome> {
  return issueWorkflow(input);
}

async function issueWorkflow(input: IssueWorkflowInput): Promise<IssueOutcome> {
  const { policy } = input;
  const state: IssueState = input.carried?.state ?? initialIssueState(input, nowIso());
  const inbox: InboundMessage[] = [...(input.carried?.inbox ?? [])];
  const seen = new Set(state.seenMessageIds);
  const outbox: PendingDelivery[] = (state.outbox ??= []);
  // Pending projection writes, flushed in order so PostgreSQL never goes back in time.
  const projection = new ProjectionQueue(state, Boolean(input.carried), touch);
  let turnInFlight = false;
  let deliveryInFlight = false;
  let projecting = false;
  /** notices for the team dispatchers, sent in order by the routing loop */
  const dispatcherOutbox: DispatcherNotice[] = [];
  // ---- helpers -------------------------------------------------------------------------------------
  function nowIso(): string {
    return new Date(Date.now()).toISOString();
  }
  function nextId(kind: string): string {
    state.seq += 1;
    return `${state.issueId}:${kind}:${state.seq}`;
  }
  /** Every change bumps the version: the main loop re-judges its clocks, the projection loop writes. */
  function touch(): void {
    state.version += 1;
  }
  function event(type: IssueEventType, data?: Record<string, unknown>, recorded?: { eventId: string }): void {
    // An event the turn's activity projected already (under a reserved id) is not written again.
    if (!recorded) projection.addEvent({ eventId: nextId('ev'), type, at: nowIso(), data });
    touch();
  }
  function taskChanged(): void {
    // the projection gets the clock's summary, not the clock with its policy and calendar
    if (state.task) projection.addTask({ ...shownTask(state.task), breached: [...state.task.breached] });
    touch();
  }
  function addMessage(message: IssueMessage, options: { projected?: boolean } = {}): void {
    rememberMessage(state, message);
    if (!options.projected) projection.addMessage(message);
    touch();
  }
  let lastSearchAttributes = JSON.stringify(issueSearchAttributes(state).map((a) => a.value));
  function refreshSearchAttributes(): void {
    const attributes = issueSearchAttributes(state);
    const fingerprint = JSON.stringify(attributes.map((a) => a.value));
    if (fingerprint === lastSearchAttributes) return; // every upsert is a history event
    // An assistant turn takes a moment and most end where they began (waiting for the customer): the attributes
    // follow when it ends, which saves two upserts per answered message.
    if (turnInFlight && issuePatched(ATTRIBUTES_AFTER_TURN_PATCH)) return;
    upsertSearchAttributes(attributes);
    lastSearchAttributes = fingerprint;
  }
  /** The one line the Temporal UI shows for this issue (no personal data: status, category, priority, SLA due). */
  function describeForOps(): void {
    const due = slaDueAt(state);
    const task = state.task && state.task.status !== 'done' ? ` · task ${state.task.status}` : '';
    setCurrentDetails(`${state.status} · ${state.classification?.category ?? 'unclassified'} · ${state.priority}${task}${due ? ` · SLA due ${due}` : ''}`);
  }
  /** Queues what the dispatchers must learn when the task changed (escalated, claimed, released, closed, ...). */
  function routeTask(): void {
    const routed = state.routedTask;
    const task = state.task ?? (routed ? state.pastTasks.find((t) => t.taskId === routed.taskId) : undefined);
    const now = task ? taskSnapshotOf(task) : undefined;
    if (JSON.stringify(now) === JSON.stringify(routed)) return;
    dispatcherOutbox.push(...taskNotices({ issueId: state.issueId, workflowId: workflowInfo().workflowId, version: state.version },
      routed, now));
    state.routedTask = now && now.status !== 'done' ? now : undefined;
  }
  /** Nothing in flight or pending but, perhaps, customer messages no turn has taken yet. */
  const idleButInbox = () =>
    dispatcherOutbox.length === 0 && !turnInFlight && outbox.length === 0 && !projecting && !projection.pending()
    && allHandlersFinished();
  const idle = () => inbox.length === 0 && idleButInbox();
  /** Continuing as new: customer messages wait in the inbox for the next run. */
  let continuing = false;

  // ---- projection: pending changes ride on the next activity, or go by themselves ------------------
  /** A change PostgreSQL refused for good: the issue goes on, and the operator sees what was not recorded. */
  function projectionRefused(error: string | undefined): void {
    if (!error) return;
    recordFailure(state, { step: 'projection', error, at: nowIso() });
    log.warn('projection refused', { error });
  }

  /** Queues a message to the customer on the channel they wrote from last; the delivery loop sends it. */
  function queueToCustomer(text: string, author: MessageAuthor, options: {
    operatorId?: string; channel?: Channel; startsWaiting?: boolean; kind?: IssueMessage['kind']; attachments?: IssueMessage['attachments'];
    /** sent (and maybe projected) by the turn's activity under the ids reserved before it ran */
    sent?: DirectSend & { delivered: boolean; projected: boolean; failedForGood?: boolean; error?: string };
  } = {}): string {
    const sent = options.sent;
    const message: IssueMessage = {
      id: sent?.messageId ?? nextId('out'), direction: 'outbound', author, operatorId: options.operatorId,
      channel: sent?.channel ?? options.channel ?? state.channel, text, at: sent?.at ?? nowIso(),
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.attachments ? { attachments: options.attachments } : {}),
    };
    addMessage(message, { projected: sent?.projected });
    event('message_sent', { messageId: message.id, author }, sent?.projected ? { eventId: sent.outcome.sentEventId } : undefined);
    if (sent?.delivered || sent?.failedForGood) {
      // delivered already (or refused for good: recorded, never retried); the customer-silence clocks start now
      if (sent.failedForGood) deliveryFailed(message, sent.error ?? 'delivery refused');
      if (options.startsWaiting && state.status === 'waiting_customer') state.waitingSince = nowIso();
    } else {
      outbox.push({ message, startsWaiting: options.startsWaiting });
    }
    return message.id;
  }

  /** The message stays in the history the customer can fetch; the operator sees the failure. */
  function deliveryFailed(message: IssueMessage, error: string): void {
    const failure = { messageId: message.id, channel: message.channel, error, at: nowIso() };
    (state.deliveryFailures ??= []).push(failure);
    event('delivery_failed', { ...failure });
  }

  function escalate(reason: EscalationReason, priority: Priority, draft?: TaskDraft): void {
    const now = Date.now();
    state.priority = priority;
    state.status = 'escalated';
    state.waitingSince = undefined;
    state.task = {
      taskId: nextId('task'), status: 'queued', priority, reason, summary: summariseForOperator(state, reason),
      language: state.classification?.language,
      ...(draft?.text.trim() ? { draft: { ...draft, text: draft.text.slice(0, STATE_LIMITS.messageTextChars), citations: draft.citations.slice(0, 5) } } : {}),
      createdAt: new Date(now).toISOString(),
      firstResponseDueAt: new Date(now + policy.firstResponseMs[priority]).toISOString(),
      resolutionDueAt: new Date(now + policy.resolutionMs[priority]).toISOString(),
      breached: [],
    };
    taskChanged();
    event('escalated', { reason, priority, taskId: state.task.taskId });
    const text = reason === 'assistant_unavailable' ? 'assistantUnavailable' : 'escalated';
    queueToCustomer(customerText(text, state.classification?.language), 'system');
  }

  /**
   * Takes one customer message into the issue. Returns true when the assistant should answer it; false when a
   * person owns the issue, or the message was a rating of the last resolution.
   */
  function takeCustomerMessage(message: InboundMessage): { id: string; forAssistant: boolean } {
    state.channel = message.channel;
    state.lastCustomerMessageAt = nowIso();
    const id = nextId('in');
    addMessage({
      id, direction: 'inbound', author: 'customer', channel: message.channel, text: message.text,
      at: message.receivedAt, externalMessageId: message.externalMessageId,
    });
    event('message_received', { externalMessageId: message.externalMessageId, channel: message.channel });
    if (state.status === 'resolved' || state.status === 'closed') {
      // asked under the csat-every-channel patch: "4 — slow but fine" is a rating with its comment
      if (state.csatRequest && csat.takeChatRating(message.text, message.channel)) return { id, forAssistant: false };
      const score = state.csatRequest ? undefined : bareRating(message.text);
      if (score !== undefined && ratingWindowOpen(state.csatAskedAt, Boolean(state.csat), Date.now(), policy.csatWaitMs)) {
        // "5" typed after the CSAT question answers it; it does not reopen the issue.
        state.csat = { score, at: nowIso() };
        event('csat_received', { score, channel: message.channel });
        return { id, forAssistant: false };
      }
      const humanHandled = state.resolvedBy === 'operator';
      reopenIssue(state);
      event('reopened', { reopenCount: state.reopenCount });
      if (humanHandled) {
        escalate('reopened', state.priority);
        return { id, forAssistant: false };
      }
    }
    // A person owns the issue: the message waits for them in the console (and the SLA clock counts again).
    if (state.task && state.task.status !== 'done') {
      customerWroteToTask(state.task);
      return { id, forAssistant: false };
    }
    // A comment the social-comment policy leaves alone: recorded for people, no answer and no task; the silence
    // clocks close the issue as after an answer. (Only new intake sends autoAnswer: false, so older histories
    // never reach the patch.)
    if (message.autoAnswer === false && issuePatched(RECORD_ONLY_INBOUND_PATCH)) {
      event('recorded_only', { externalMessageId: message.externalMessageId, channel: message.channel });
      if (state.status === 'open') {
        state.status = 'waiting_customer';
        state.waitingSince = nowIso();
      }
      return { id, forAssistant: false };
    }
    state.status = 'open';
    state.waitingSince = undefined;
    return { id, forAssistant: true };
  }

  const sla = issueSlaClock({ state, policy, nowIso, event, taskChanged });
  const csat = issueCsat({ state, policy, nowIso, event, queueToCustomer });
  const { recordBreach, handleSlaClock, customerWroteToTask } = sla;


  function handleDeadline(deadline: Deadline): void {
    if (deadline.sla) return handleSlaClock(deadline.sla.timer, deadline.sla.kind, deadline.at);
    const slaKind = slaKindOf(deadline.kind);
    if (slaKind) return recordBreach(slaKind, deadline.at, { requeue: true });
    const language = state.classification?.language;
    if (deadline.kind === 'nudge') {
      state.nudged = true;
      event('nudged');
      queueToCustomer(customerText('nudge', language), 'system');
    } else if (deadline.kind === 'auto_close') {
      state.status = 'closed';
      state.resolvedAt = nowIso();
      state.resolvedBy = 'auto_close';
      state.waitingSince = undefined;
      event('auto_closed');
      queueToCustomer(customerText('autoClosed', language), 'system');
      // the assistant resolved it: rated too when CSAT_MODE is always (the workflow stays for the rating)
      if (policy.csatMode === 'always' && issuePatched(CSAT_PATCH)) csat.askForRating('assistant');
    } else if (deadline.kind === 'csat_reminder') {
      csat.remind();
    } else if (deadline.kind === 'csat_window_end') {
      csat.windowEnded();
      touch();
    } else if (deadline.kind === 'reopen_window_end') {
      state.status = 'closed';
      event('closed');
    }
  }

  // ---- loops ---------------------------------------------------------------------------------------
  /** Answers what the customer wrote since the last turn; messages arriving meanwhile wait for the next one. */
  async function turnLoop(): Promise<never> {
    for (;;) {
      await condition(() => inbox.length > 0 && !continuing);
      const taken = inbox.splice(0).map((m) => ({ message: m, ...takeCustomerMessage(m) }));
      const forAssistant = taken.filter((t) => t.forAssistant);
      if (forAssistant.length === 0 || (state.task && state.task.status !== 'done')) continue;
      turnInFlight = true;
      let reserved: DirectSend | undefined;
      try {
        await runAssistantTurn({
          state, nowIso, event, escalate, projectionRefused,
          takeProjection: () => projection.take(), projectionNotWritten: (change) => projection.notWritten(change),
          reserveDirectSend() {
            // Only when nothing is queued: the customer gets messages in order.
            if (outbox.length > 0 || deliveryInFlight) return undefined;
            const issue = { ...projection.issue(), version: state.version + 1 };
            touch(); // that version is the activity's; the workflow's next projection comes after it
            reserved = {
              messageId: nextId('out'), channel: state.channel, at: nowIso(),
              outcome: { issue, classifiedEventId: nextId('ev'), sentEventId: nextId('ev') },
            };
            return reserved;
          },
          answer(text, sent) {
            state.status = 'waiting_customer';
            state.nudged = false;
            const direct = sent && reserved ? { ...reserved, ...sent } : undefined;
            state.firstResponseAt ??= direct?.at ?? nowIso();
            queueToCustomer(text, 'assistant', { startsWaiting: true, sent: direct });
            if (direct?.projected) {
              // PostgreSQL has the answered issue already, if the activity arrived at the same row.
              const { version: _version, ...expected } = answeredIssue(direct.outcome.issue, state.classification!, direct.at);
              projection.writtenBy(expected);
            }
          },
        }, { ids: forAssistant.map((t) => t.id), texts: forAssistant.map((t) => t.message.text) });
      } finally {
        turnInFlight = false;
        touch();
      }
    }
  }

  /** Sends queued messages in order; a message that cannot be delivered is recorded for the operator. */
  async function deliveryLoop(): Promise<never> {
    for (;;) {
      await condition(() => outbox.length > 0);
      const { message, startsWaiting } = outbox[0]!;
      deliveryInFlight = true;
      const carried = projection.take();
      try {
        const result = await delivery.deliverMessage({
          issueId: state.issueId, customerId: state.customerId, channel: message.channel, messageId: message.id,
          text: message.text, message, projection: carried,
        });
        projectionRefused(result.projectionError);
      } catch (error) {
        projection.notWritten(carried);
        deliveryFailed(message, errorText(error));
      }
      deliveryInFlight = false;
      outbox.shift();
      // The customer-silence clocks start when the answer reached them, not when it was written.
      if (startsWaiting && state.status === 'waiting_customer') state.waitingSince = nowIso();
      touch();
    }
  }

  /**
   * Writes what no other activity is about to carry: a turn about to start, or a delivery about to start, takes
   * the pending change with it (one activity instead of two).
   */
  async function projectionLoop(): Promise<never> {
    for (;;) {
      await condition(() => projection.pending() && (inbox.length === 0 || continuing) && !(outbox.length > 0 && !deliveryInFlight));
      const change = projection.take();
      if (!change) continue;
      projecting = true;
      try {
        await projections.projectIssue(change);
      } catch (error) {
        // Only a change PostgreSQL refuses for good lands here (the activity retries outages).
        projectionRefused(errorText(error));
      } finally {
        projecting = false;
      }
    }
  }

  /**
   * Tells the team dispatchers about the task, in order. When a task starts waiting and nobody suitable is online,
   * the customer hears when the team is back (calendar closed) or by when they will be answered (open).
   */
  let toldWhenBack: string | undefined;
  async function routingLoop(): Promise<never> {
    for (;;) {
      await condition(() => dispatcherOutbox.length > 0);
      const notice = dispatcherOutbox[0]!;
      try {
        const result = await routing.notifyDispatcher(notice);
        const taskId = (notice.payload as { taskId?: string }).taskId;
        const task = state.task;
        if (notice.signal === 'taskWaiting' && result.availability?.suitableOnline === 0 && taskId !== toldWhenBack
          && task && task.taskId === taskId && task.status === 'queued') {
          toldWhenBack = taskId;
          const policy = await slaPolicies.slaPolicyInForce({ priority: task.priority, channel: state.channel });
          const language = state.classification?.language;
          let text = answerExpectedText(policy.calendar, Date.now(), language);
          if (!text && issuePatched(ANSWER_BY_PATCH)) {
            // open, but nobody suitable online: by when the first response is due on this policy
            const dueAt = startSlaClock(policy, { priority: task.priority, channel: state.channel, at: task.createdAt }).firstResponse.dueAt;
            if (dueAt) text = answerByText(policy.calendar, Date.now(), dueAt, language);
          }
          if (text) queueToCustomer(text, 'system');
        }
      } catch (error) {
        // the dispatcher catches up from PostgreSQL; the operator sees the step failed
        recordFailure(state, { step: 'routing', error: errorText(error), at: nowIso() });
      }
      dispatcherOutbox.shift();
      touch();
    }
  }

  // ---- handlers ------------------------------------------------------------------------------------
  /** False when this id was seen (a re-delivery); remembers it otherwise, within the cap. */
  function firstTime(key: string): boolean {
    if (seen.has(key)) return false;
    seen.add(key);
    state.seenMessageIds.push(key);
    if (state.seenMessageIds.length > STATE_LIMITS.seenMessageIds) {
      for (const id of state.seenMessageIds.splice(0, state.seenMessageIds.length - STATE_LIMITS.seenMessageIds)) {
        seen.delete(id);
      }
    }
    return true;
  }

  setHandler(customerMessageSignal, (message) => {
    // a re-delivered webhook changes nothing
    if (firstTime(`${message.channel}:${message.externalMessageId}`)) inbox.push(message);
  });

  setHandler(systemNoticeSignal, ({ noticeId, channel, text }) => {
    if (state.status === 'closed' || !issuePatched(SYSTEM_NOTICE_PATCH) || !firstTime(`notice:${noticeId}`)) return;
    const words = state.classification?.language === 'ru' ? text.ru : text.en;
    queueToCustomer(words.slice(0, STATE_LIMITS.messageTextChars), 'system', { channel });
  });

  setHandler(issueStateQuery, () => publicIssueState(state, { withMessages: true }));

  setHandler(csatSignal, ({ score, comment, channel }) => {
    if (comment && csat.addComment(score, comment)) return;
    if (!ratingWindowOpen(state.csatAskedAt, Boolean(state.csat), Date.now(), policy.csatWaitMs)) return;
    if (!Number.isInteger(score) || score < 1 || score > 5) return;
    if (state.csatRequest) return csat.record(score, comment?.slice(0, CSAT_COMMENT_MAX_CHARS), channel);
    state.csat = { score, comment, at: nowIso() };
    event('csat_received', { score });
  });

  handleOperatorUpdates({
    state, nowIso, event, taskChanged, escalate, queueToCustomer, sla, csat, turnInFlight: () => turnInFlight,
  });

  // ---- main loop: the clocks -----------------------------------------------------------------------
  /**
   * One durable timer for the next deadline, kept while the deadline stays the same: most changes (a message
   * recorded, a projection written) do not move it, and re-arming a timer costs two history events.
   */
  interface Clock { at: number; scope: CancellationScope; rang: boolean }
  let clock: Clock | undefined;
  function armClock(at: number | undefined): void {
    if (clock?.at === at) return;
    clock?.scope.cancel();
    clock = undefined;
    if (at === undefined) return;
    const armed: Clock = { at, scope: new CancellationScope(), rang: false };
    armed.scope.run(() => sleep(Math.max(1, at - Date.now()))).then(() => {
      armed.rang = true;
    }, () => undefined /* cancelled: the deadline moved */);
    clock = armed;
  }

  if (!input.carried) event('created', { channel: state.channel });
  // The loops never return; an unexpected error in one fails the workflow task (and is retried), as a bug should.
  void turnLoop();
  void deliveryLoop();
  void projectionLoop();
  void routingLoop();
  void sla.slaLoop();
  const continueAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;

  for (;;) {
    fitStateBudget(state);
    refreshSearchAttributes();
    describeForOps();
    routeTask();
    if (state.status === 'closed' && !csat.keepsClosedIssueOpen()) {
      // Finish what was queued (the closing note, projections); a message that raced with closing reopens.
      await condition(idle);
      if (state.status === 'closed' && inbox.length === 0) break;
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= continueAfter) {
      if (issuePatched(CONTINUE_WHILE_CUSTOMER_WAITS_PATCH)) {
        // No new turn from here: the turn loop leaves new messages to the next run. What is in flight finishes
        // (the projection loop writes even with messages waiting); then the run continues as soon as a customer
        // message waits (its customer waits for our answer, not typing the next one) or after a quiet while.
        continuing = true;
        const waiting = await condition(() => inbox.length > 0 && idleButInbox(), CONTINUE_QUIET_MS);
        if (!waiting) await condition(idleButInbox);
      } else {
        await condition(idle);
      }
      log.info('continuing as new', { historyLength: info.historyLength, carriedMessages: inbox.length });
      state.seenMessageIds = [...seen].slice(-STATE_LIMITS.seenMessageIds);
      // (idle: nothing pending, so the next run starts with PostgreSQL up to date)
      // a V3 issue continues as V4 (a new run has no markers to match); the command's type is not compared on replay
      const next = makeContinueAsNewFunc<typeof supportIssueWorkflowV4>({
        workflowType: ISSUE_WORKFLOW_TYPE,
        memo: { issueId: state.issueId },
        // the experiment variants the gateway set at the start stay visible in the next run (the continue-as-new
        // command's options are not compared on replay, so no patch is needed for running issues)
        typedSearchAttributes: [...issueSearchAttributesForStart(state), ...experimentAttribute(info.typedSearchAttributes)],
      });
      // the next run starts on this code: it has every change this code knows (workflows/patches.ts)
      return next({ ...input, patches: [...ISSUE_PATCHES], carried: { state: fitStateBudget(state), inbox: [...inbox] } });
    }
    const deadline = nextDeadline(state, policy);
    if (deadline && deadline.at <= Date.now()) {
      handleDeadline(deadline);
      continue;
    }
    armClock(deadline?.at);
    const version = state.version;
    await condition(() => state.version !== version || Boolean(clock?.rang));
    if (clock?.rang && deadline) {
      clock = undefined;
      handleDeadline(deadline);
    }
  }

  return { issueId: state.issueId, status: state.status, resolvedBy: state.resolvedBy, csat: state.csat };
}
