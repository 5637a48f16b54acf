/**
 * The activities the issue workflow calls. The workflow imports only this type, never the implementations.
 */
import type { Channel } from '../src/domain/channel';
import type { Priority } from '../src/domain/priority';
import type { PolicyInForce } from '../src/domain/sla';
import type {
  AnswerContinuation, Classification, CustomerDataCall, CustomerDataResult, DraftAnswer, HumanTask, IssueMessage,
  IssueState, TurnAudit,
} from '../src/domain/issue';

export interface ClassifyInput {
  issueId: string;
  customerId: string;
  text: string;
  /** the last few messages before the ones being answered, oldest first, for context */
  history: Pick<IssueMessage, 'author' | 'text'>[];
}

/** The turn's input: the workflow's pending projection rides along and is written first. */
export interface TurnInput extends ClassifyInput {
  projection?: ProjectionChange;
  /**
   * when nothing else waits for delivery: send the answer (or clarifying question) right away under this id,
   * sparing the workflow a round trip; the decision follows src/domain/turn-decision.ts
   */
  send?: {
    messageId: string;
    channel: Channel;
    at: string;
    previousDecision?: TurnAudit['decision'];
    /**
     * what the issue looks like in PostgreSQL before the turn, with the version and event ids the workflow
     * reserved for the answered outcome: the activity projects that outcome itself (no projection step after)
     */
    outcome: { issue: ProjectionChange['issue']; classifiedEventId: string; sentEventId: string };
  };
}

export interface DraftAnswerInput extends ClassifyInput {
  classification: Classification;
  /** the model's earlier step of this turn and the results of the look-ups it asked for */
  continuation?: AnswerContinuation;
}

export interface CustomerDataLookupInput {
  /** the customer of the issue, set by the workflow: never taken from the model */
  customerId: string;
  call: CustomerDataCall;
}

export interface DeliverInput {
  issueId: string;
  customerId: string;
  channel: Channel;
  messageId: string;
  text: string;
  /**
   * the whole message (workflow v2): stored first if the projection has not written it yet, so delivery never
   * waits for the projection and can claim the row
   */
  message?: IssueMessage;
  /** the workflow's pending projection, written first (one activity instead of two) */
  projection?: ProjectionChange;
}

/** One assistant turn in one step: the classification and, unless a person is needed at once, the draft. */
export interface TurnResult {
  classification: Classification;
  /** absent when the classification alone decides (the customer asked for a person, negative sentiment) */
  draft?: DraftAnswer;
  /** the carried projection was refused by PostgreSQL for good (the turn went on) */
  projectionError?: string;
  /**
   * the answer the activity stored under `send.messageId` (its text as stored: a retry after a crash returns
   * the first text) and whether the channel took it; not delivered → the workflow's delivery loop retries it
   */
  sent?: { text: string; delivered: boolean; error?: string; failedForGood?: boolean; projected: boolean };
}

export interface DeliveryResult {
  /** the carried projection was refused by PostgreSQL for good (the delivery went on) */
  projectionError?: string;
  /** false when the channel has no live push (e.g. API channel without a webhook): the message waits to be fetched */
  pushed: boolean;
  channel: Channel;
}

export type IssueEventType =
  | 'created' | 'message_received' | 'message_sent' | 'classified' | 'escalated' | 'task_claimed'
  | 'task_requeued' | 'sla_breached' | 'supervisor_notified' | 'resolved' | 'reopened' | 'nudged'
  | 'auto_closed' | 'closed' | 'csat_requested' | 'csat_reminded' | 'csat_received' | 'csat_commented' | 'delivery_failed' | 'assistant_failed'
  | 'task_released' | 'task_transferred' | 'priority_changed' | 'sla_warning' | 'sla_policy_recorded'
  // written by channel adapters outside the workflow (ids of their own), e.g. from WhatsApp status webhooks
  | 'whatsapp_template_sent'
  // written by the gateway when a reviewer gives an assistant answer a verdict (src/review/verdicts.ts)
  | 'reviewed'
  | 'recorded_only';

export interface IssueEvent {
  /** deterministic: `${issueId}:${seq}` so a retried projection writes it once */
  eventId: string;
  type: IssueEventType;
  at: string;
  data?: Record<string, unknown>;
}

/** Everything one state change writes to the PostgreSQL projections, in one transaction. */
export interface ProjectionChange {
  issue: Pick<IssueState,
    'issueId' | 'customerId' | 'status' | 'channel' | 'priority' | 'createdAt' | 'firstResponseAt' | 'resolvedAt'
    | 'resolvedBy' | 'csat' | 'version'> & { category?: string; assignedOperatorId?: string; slaDueAt?: string };
  messages?: IssueMessage[];
  tasks?: HumanTask[];
  events?: IssueEvent[];
  /** the workflow run writing this change, so the gateway can tell which issue a run belongs to */
  runId?: string;
  /** what operators see of the issue when no worker answers a query (the state without its messages) */
  summary?: Record<string, unknown>;
  /**
   * The assistant's turn audits recorded since the last change (table issue_turn_audits). From the patch
   * 'audit-beside-summary' on, the summary leaves the audit out: sending all 20 kept turns with every change made
   * 15 KB of each turn's history.
   */
  audit?: TurnAudit[];
}

/** Which task the SLA policy is for: the policy in force gives its target for this priority and channel. */
export interface SlaPolicyInForceInput {
  priority: Priority;
  channel?: Channel;
}

export interface SupportActivities {
  classifyMessage(input: ClassifyInput): Promise<Classification>;
  draftAnswer(input: DraftAnswerInput): Promise<DraftAnswer>;
  /** Classifies and drafts in one step (workflow v2): one task-queue round trip per turn instead of two. */
  answerTurn(input: TurnInput): Promise<TurnResult>;
  /** One CRM look-up the model asked for, bound to the issue's customer (its own step in the Temporal UI). */
  lookupCustomerData(input: CustomerDataLookupInput): Promise<CustomerDataResult>;
  /** Sends an outbound message through its channel; keyed by messageId so a retry never sends twice. */
  deliverMessage(input: DeliverInput): Promise<DeliveryResult>;
  projectIssue(change: ProjectionChange): Promise<void>;
  /** The SLA policy and calendar in force now, as the JSON snapshot a task records (src/db/sla/policy-in-force.ts). */
  slaPolicyInForce(input: SlaPolicyInForceInput): Promise<PolicyInForce>;
}
