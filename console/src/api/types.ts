/** The API's shapes as the console uses them (see README "HTTP API" and the console contracts). */
export type Role = 'agent' | 'supervisor' | 'admin' | 'operator' | 'integration';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS = ['api', 'widget', 'telegram', 'whatsapp', 'email', 'facebook', 'instagram', 'vk'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Operator {
  id: string;
  name: string;
  role: Role;
  email?: string;
  teamIds?: string[];
  languages?: string[];
  skills?: string[];
  capacity?: number;
  status?: OperatorStatus;
}
export type OperatorStatus = 'online' | 'away' | 'offline';

export const isAdmin = (o: Operator | undefined): boolean => o?.role === 'admin';
export const isSupervisorOrAdmin = (o: Operator | undefined): boolean => o?.role === 'admin' || o?.role === 'supervisor';

export interface Task {
  taskId: string;
  issueId: string;
  status: 'queued' | 'claimed' | 'done';
  priority: Priority;
  reason: string;
  summary: string;
  operatorId?: string;
  createdAt: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt?: string;
  breached: boolean | string[];
  slaDueAt?: string;
  channel?: Channel;
  customerName?: string;
  language?: string;
  teamId?: string;
  warningAt?: string;
  atRisk?: boolean;
  /** calendar SLA clocks: the next response owed, and since when the clock waits on the customer */
  nextResponseDueAt?: string;
  slaPausedSince?: string;
}

export interface Message {
  id: string;
  direction: 'inbound' | 'outbound';
  author: 'customer' | 'assistant' | 'operator' | 'system';
  operatorId?: string;
  channel: Channel;
  text: string;
  at: string;
  attachments?: Attachment[];
}

/** A file of a message; `url` is a signed link, valid for a few minutes (the issue refetch brings fresh ones). */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Citation {
  articleId: string;
  title: string;
  score: number;
}

export interface TurnAudit {
  at: string;
  messageId: string;
  source: 'openai' | 'offline';
  classification?: { category: string; intent: string; confidence: number; sentiment: string; wantsHuman: boolean };
  retrieved: Citation[];
  cited: Citation[];
  confidence?: number;
  decision: 'answer' | 'clarify' | 'escalate';
  reason: string;
}

export interface TaskSla {
  policyId?: string;
  calendarId?: string;
  firstResponseDueAt?: string;
  nextResponseDueAt?: string;
  resolutionDueAt?: string;
  warnAt?: string;
  pausedSince?: string;
  /** while paused: the business time each unmet clock has left (frozen until the customer writes) */
  remainingMs?: Partial<Record<'first_response' | 'next_response' | 'resolution', number>>;
}

export interface IssueTask extends Omit<Task, 'breached'> {
  breached: string[];
  draft?: { text: string; source: 'openai' | 'offline'; citations: Citation[] };
  sla?: TaskSla;
}

export interface Note {
  id: string;
  text: string;
  author: { id: string | null; name: string };
  createdAt: string;
}

export interface Issue {
  issueId: string;
  customerId: string;
  status: 'open' | 'waiting_customer' | 'escalated' | 'resolved' | 'closed';
  channel: Channel;
  priority: Priority;
  classification?: { category: string; intent: string; priority: Priority; sentiment: string; language: string; wantsHuman: boolean; confidence: number; source: string };
  messages?: Message[];
  olderMessageCount?: number;
  task?: IssueTask;
  pastTasks?: IssueTask[];
  breaches?: { taskId: string; kind: string; dueAt: string; breachedAt: string }[];
  audit?: TurnAudit[];
  createdAt: string;
  notes?: Note[];
  tags?: string[];
  customerName?: string;
  /** when the CSAT question went out, and the rating (score 1–5, optional comment, where from, whose resolution) */
  csatAskedAt?: string;
  csat?: Csat;
}

export interface Csat {
  score: number;
  comment?: string;
  at: string;
  channel?: Channel;
  operatorId?: string;
}

export interface MyRating {
  issueId: string;
  score: number;
  comment?: string;
  at: string;
  channel?: Channel;
  customerName?: string;
}

export interface CustomerCard {
  profile?: { name?: string; email?: string; phone?: string; tier?: string; [key: string]: unknown };
  orders?: { id?: string; orderId?: string; status?: string; total?: unknown; createdAt?: string; [key: string]: unknown }[];
  returns?: { id?: string; returnId?: string; status?: string; [key: string]: unknown }[];
  previousIssues?: { issueId: string; status?: string; category?: string; createdAt?: string }[];
}

export interface Team {
  id: string;
  name: string;
  memberIds?: string[];
  supervisorIds?: string[];
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  language?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt?: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  slots: Partial<Record<Weekday, { from: string; to: string }[]>>;
  holidays: string[];
}

export interface SlaTarget {
  priority: Priority;
  channel?: Channel;
  firstResponse: string;
  nextResponse?: string;
  resolution: string;
}
export interface SlaPolicy {
  id: string;
  name: string;
  calendarId: string;
  warningShare: number;
  targets: SlaTarget[];
}
