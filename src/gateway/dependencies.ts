import type { AbuseLimits } from '../abuse/limits';
import type { Attachments } from '../attachments/attachments';
import type { ActiveChannel } from '../channels/channel-module';
import type { OpenStreams } from '../channels/widget/message-stream';
import type { ConsoleEventHub } from '../console/console-event-hub';
import type { PayloadCodec } from '@temporalio/common';
import type { Db } from '../db/pool';
import type { IdentityLinkService } from '../identity/link-service';
import type { Logger } from '../observability/logger';
import type { SupportMetrics } from '../observability/metrics';
import type { IssueService } from '../temporal/issue-service';
import type { OperatorStatusChange } from '../people/operator-status';
import type { PeopleSettings } from '../people/people-settings';
import type { InvitationMailer } from '../people/invitation-mailer';
import type { RoutingGateway } from '../routing/routing-gateway';

export interface GatewayDependencies {
  db: Db;
  issues: IssueService;
  metrics: SupportMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** resolves when Temporal answers; used by /healthz */
  temporalHealthy: () => Promise<boolean>;
  /** e.g. "embedded" or "postgres" */
  databaseKind: string;
  /** METRICS_TOKEN: the Bearer token /metrics asks for */
  metricsToken?: string;
  /** channels switched on: their inbound routes are mounted */
  channels: ActiveChannel[];
  identityLinks: IdentityLinkService;
  /** express `trust proxy` (TRUST_PROXY): which proxies may name the client address */
  trustProxy?: string | number;
  /** files customers and operators exchange: checks, storage, signed links */
  attachments: Attachments;
  /** the abuse limits (rate limits counted in PostgreSQL) */
  limits: AbuseLimits;
  /** with payload encryption on: the codec the Temporal UI's codec endpoint uses, the UI's origins, and the
   * codec access key the UI's endpoint URL carries (CODEC_ACCESS_KEY) */
  payloadCodec?: { codec: PayloadCodec; uiOrigins: string[]; accessKey?: string };
  /** the console's live events: the gateway's LISTEN on console_events and the open streams (ended at shutdown) */
  console?: { hub: ConsoleEventHub; streams: OpenStreams };
  /** where the built console is (console/dist unless a test says otherwise) */
  consoleDistDir?: string;
  /** sessions, invitations (SESSION_MAX_AGE, SESSION_IDLE_TIMEOUT, INVITATION_TTL, PUBLIC_URL); defaults when unset */
  people?: PeopleSettings;
  /** mails invitation links when SMTP is configured (SUPPORT_EMAIL_ADDRESS + SMTP_URL) */
  invitationMailer?: InvitationMailer;
  /**
   * Called after a person's status or capacity changed in PostgreSQL (PUT /me/status, signing out of the last
   * session, being disabled): the routing dispatcher hooks in here. Does nothing by default; a failure is logged
   * and does not fail the request (the stored status is the truth).
   */
  onOperatorStatusChanged?: (change: OperatorStatusChange) => Promise<void> | void;
  /** team dispatchers: operator status changes, declines, team queues (routes mounted when present) */
  routing?: RoutingGateway;
}
