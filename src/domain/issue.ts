/**
 * The shapes an issue workflow holds and exposes. Pure types: shared by the workflow, activities and gateway.
 * Timestamps are ISO-8601 strings so that the query result is plain JSON.
 */
import type { TaskSnapshot } from './routing/task-notices';
import type { Channel } from './channel';
import type { AttachmentRef } from './attachment';
import type { Priority } from './priority';
import type { SupportPolicy } from './policy';
import type { SlaClock, SlaSummary } from './sla';

/** One customer message as the workflow receives it (already validated and identity-resolved). */
export interface InboundMessage {
  channel: Channel;
  /** The channel's own id of the message; used to drop re-deliveries. */
  externalMessageId: string;
  customerId: string;
  text: string;
  receivedAt: string;
  /**
   * false: record the message for people, but the assistant does not answer it and it starts no human task (a
   * social-network comment SOCIAL_COMMENT_POLICY leaves alone). Absent: answered as usual.
   */
  autoAnswer?: boolean;
}

export type IssueStatus =
  /** the assistant is handling it */
  | 'open'
  /** the assistant answered; waiting for the customer */
  | 'waiting_customer'
  /** a human task is open */
  | 'escalated'
  /** solved; the reopen window and the CSAT question are running */
  | 'resolved'
  /** finished; a new message starts a new issue */
  | 'closed';

export type MessageAuthor = 'customer' | 'assistant' | 'operator' | 'system';

export interface IssueMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  author: MessageAuthor;
  operatorId?: string;
  channel: Channel;
  text: string;
  at: string;
  externalMessageId?: string;
  /** the CSAT question or its reminder: channels render it as buttons, stars or links (the text is the fallback) */
  kind?: CsatPromptKind;
  /** files an operator sent with this reply (inbound files are found by externalMessageId in PostgreSQL) */
  attachments?: AttachmentRef[];
}

export type CsatPromptKind = 'csat_question' | 'csat_reminder';

export type Sentiment = 'negative' | 'neutral' | 'positive';

/** Tokens an LLM call used, and what they cost by the model's list price (undefined when unknown). */
export interface LlmUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd?: number;
}

export interface Classification {
  category: string;
  intent: string;
  priority: Priority;
  sentiment: Sentiment;
  language: string;
  wantsHuman: boolean;
  confidence: number;
  source: 'openai' | 'offline';
  usage?: LlmUsage;
}

export interface Citation {
  articleId: string;
  title: string;
  score: number;
}

/** A CRM look-up the model asked for; the server runs it for the current customer only. */
export interface CustomerDataCall {
  id: string;
  name: string;
  /** the model's JSON arguments, validated by the look-up */
  arguments: string;
}

export interface CustomerDataResult {
  id: string;
  /** JSON text handed back to the model */
  content: string;
}

/**
 * The LLM conversation of one turn so far, carried between the model's steps by the workflow: the (masked)
 * messages, and the placeholders → values needed to restore the final reply (never sent to the model).
 */
export interface PendingAnswer {
  transcript: unknown[];
  vault: [string, string][];
}

export interface AnswerContinuation extends PendingAnswer {
  results: CustomerDataResult[];
}

export interface DraftAnswer {
  /**
   * answer: send it; clarify: send `text`, a question back to the customer; escalate: a human must take over;
   * lookup: run `calls`, then ask the model again.
   */
  decision: 'answer' | 'clarify' | 'escalate' | 'lookup';
  calls?: CustomerDataCall[];
  /** with `lookup`: the conversation to continue once the look-ups are done */
  pending?: PendingAnswer;
  text: string;
  confidence: number;
  citations: Citation[];
  reason: string;
  source: 'openai' | 'offline';
  /** what retrieval found, best first, with its scores (cited or not) */
  retrieved?: Citation[];
  usage?: LlmUsage;
}

/** One assistant turn, for the audit trail operators see: why it answered or escalated. */
export interface TurnAudit {
  at: string;
  /** the customer message this turn answered */
  messageId: string;
  source: 'openai' | 'offline';
  classification?: { category: string; intent: string; confidence: number; sentiment: Sentiment; wantsHuman: boolean };
  retrieved: Citation[];
  cited: Citation[];
  confidence?: number;
  decision: 'answer' | 'clarify' | 'escalate';
  reason: string;
}

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type EscalationReason =
  | 'customer_asked_for_human'
  | 'negative_sentiment'
  | 'low_confidence'
  | 'assistant_unavailable'
  | 'reopened';

/** next_response: each customer message after an operator's reply starts one (calendar SLA clocks) */
export type SlaKind = 'first_response' | 'next_response' | 'resolution';

export interface SlaBreach {
  taskId: string;
  kind: SlaKind;
  dueAt: string;
  breachedAt: string;
  priorityBefore: Priority;
  priorityAfter: Priority;
}

/** The assistant's draft for the operator: ChatGPT's answer it did not dare to send, or the offline responder's best article. */
export interface TaskDraft {
  text: string;
  source: 'openai' | 'offline';
  citations: Citation[];
}

export interface HumanTask {
  taskId: string;
  status: 'queued' | 'claimed' | 'done';
  priority: Priority;
  reason: EscalationReason;
  summary: string;
  operatorId?: string;
  /** the team whose queue holds the task (none: every agent's) */
  teamId?: string;
  /** the customer's language, for routing to an operator who speaks it */
  language?: string;
  draft?: TaskDraft;
  createdAt: string;
  claimedAt?: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt?: string;
  closedAt?: string;
  breached: SlaKind[];
  /**
   * The SLA clock on the policy and business-hours calendar in force at escalation (recorded once, so later
   * edits never move it). While it is absent the due times above come from SUPPORT_POLICY, counted 24/7.
   */
  slaClock?: SlaClock;
  /** decided at escalation: this task keeps SUPPORT_POLICY's fixed deadlines (an issue older than calendar clocks) */
  slaFixed?: boolean;
  /** the holder replied and waits for the customer: the SLA clock is paused until the customer writes */
  waitingOnCustomerSince?: string;
  /** the current next-response due time (calendar clocks), and the earliest warning still to come */
  nextResponseDueAt?: string;
  slaWarningAt?: string;
  /** what the console shows of the clock (the query and the projection; not kept in the workflow's state) */
  sla?: SlaSummary & { warnAt?: string };
}

export interface DeliveryFailure {
  messageId: string;
  channel: Channel;
  error: string;
  at: string;
}

/** An outbound message waiting for its channel; delivered in order by the workflow's delivery loop. */
export interface PendingDelivery {
  /** the message as stored (full text: the state keeps a shortened copy in `messages`) */
  message: IssueMessage;
  /** the assistant's answer: the customer-silence timers start once it is delivered */
  startsWaiting?: boolean;
}

/** An operator request already applied, so a retry with the same request id returns the same result. */
export interface OperatorRequestRecord {
  requestId: string;
  kind: 'reply' | 'resolve' | 'reopen';
  messageId?: string;
  taskId?: string;
}

/** A step that failed for good (e.g. a projection write PostgreSQL refused); the issue went on without it. */
export interface StepFailure {
  step: string;
  error: string;
  at: string;
}

export interface Csat {
  score: number;
  comment?: string;
  at: string;
  /** where the rating came from (the chat, a button, a link) */
  channel?: Channel;
  /** the operator whose resolution was rated */
  operatorId?: string;
}

/** The CSAT question as asked (workflow patch csat-every-channel). */
export interface CsatRequest {
  /** who resolved: an operator, or the assistant (the issue closed itself after its answer) */
  by: 'operator' | 'assistant';
  operatorId?: string;
  /** the one reminder is due then, unless a rating came */
  reminderDueAt?: string;
  remindedAt?: string;
  /** the workflow stays after closing until this (the end of the rating window), for a rating of the assistant */
  openUntil?: string;
}

export interface IssueState {
  issueId: string;
  customerId: string;
  status: IssueStatus;
  /** the channel the customer wrote from last: replies go there */
  channel: Channel;
  priority: Priority;
  classification?: Classification;
  messages: IssueMessage[];
  /** messages dropped from `messages` to keep the state small (the full history is in PostgreSQL) */
  olderMessageCount: number;
  task?: HumanTask;
  /** closed tasks of earlier escalations of this issue */
  pastTasks: HumanTask[];
  breaches: SlaBreach[];
  /** the assistant's turns, newest last (capped): retrieval, confidence, decision and reason */
  audit?: TurnAudit[];
  /** LLM tokens and estimated cost spent on this issue */
  usage?: UsageTotals;
  /** outbound messages that could not be delivered for good: shown to the operator */
  deliveryFailures?: DeliveryFailure[];
  createdAt: string;
  lastCustomerMessageAt?: string;
  /** when the assistant last answered and started waiting for the customer */
  waitingSince?: string;
  nudged: boolean;
  firstResponseAt?: string;
  resolvedAt?: string;
  resolvedBy?: 'operator' | 'auto_close';
  csatAskedAt?: string;
  csatRequest?: CsatRequest;
  csat?: Csat;
  reopenCount: number;
  /** counter for deterministic ids of outbound messages, events and tasks */
  seq: number;
  /** external message ids already seen (dedup across continue-as-new) */
  seenMessageIds: string[];
  /** bumps on every change; projections only move forward */
  version: number;
  /** messages waiting for delivery, oldest first (workflow v2) */
  outbox?: PendingDelivery[];
  /** operator request ids already applied, newest last (capped; carried across continue-as-new) */
  operatorRequests?: OperatorRequestRecord[];
  /** steps that failed for good, newest last (capped) */
  failures?: StepFailure[];
  /** the task as the team dispatchers were last told (workflow v3; routing) */
  routedTask?: TaskSnapshot;
}


export interface IssueWorkflowInput {
  issueId: string;
  customerId: string;
  channel: Channel;
  policy: SupportPolicy;
  /** continue-as-new once history has this many events (tests pass a small number) */
  continueAsNewAfterEvents?: number;
  /** state carried over by continue-as-new */
  carried?: { state: IssueState; inbox: InboundMessage[] };
  /**
   * The workflow changes (patch ids, workflows/patches.ts) this run has from its first event, so it asks Temporal
   * for none of them: the gateway and continue-as-new name every change the code they run knows.
   */
  patches?: string[];
}

export interface IssueOutcome {
  issueId: string;
  status: IssueStatus;
  resolvedBy?: IssueState['resolvedBy'];
  csat?: Csat;
}
