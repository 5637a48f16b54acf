import type { Assistant } from '../src/ai/assistant';
import type { ChannelSenders } from '../src/channels/outbound';
import type { Db } from '../src/db/pool';
import type { SupportMetrics } from '../src/observability/metrics';
import type { Attachments } from '../src/attachments/attachments';
import type { CrmReader } from '../src/crm/crm-reader';
import { assistantActivities } from './assistant-activities';
import { answeringAndSending, storedMessageText } from './answer-and-send';
import { projectingFirst } from './carried-projection';
import { customerDataActivities } from './customer-data-activities';
import { deliveryActivities } from './delivery-activities';
import { projectionActivities } from './projection-activities';
import { slaActivities } from './sla-activities';
import { routingActivities } from './routing/routing-activities';
import { storedTeamSeats } from '../src/routing/stored-seats';
import type { RoutingActivities } from './routing/types';
import type { RoutingSettings } from '../src/routing/settings';
import type { SupportActivities } from './types';

export interface ActivityDependencies {
  db: Db;
  assistant: Assistant;
  channels: ChannelSenders;
  metrics?: SupportMetrics;
  crm: CrmReader;
  /** integrators' webhook URLs: issue events are queued for them with each projection */
  webhookEndpoints?: string[];
  /** REVIEW_SAMPLE_SHARE: the share of assistant answers the projection queues for review */
  reviewSampleShare?: number;
  /** team dispatchers: ROUTING_OFFER_TIMEOUT and the task queue they run on */
  routing?: RoutingSettings & { taskQueue?: string };
  /** operators' files for delivery (signed links with PUBLIC_URL, bytes for e-mail) */
  attachments?: { files: Attachments; publicUrl?: string };
}

/** All activities the worker registers, bound to their dependencies. */
export function createActivities(deps: ActivityDependencies): SupportActivities & RoutingActivities {
  const assistant = assistantActivities(deps.assistant, deps.metrics);
  const delivery = deliveryActivities(deps.db, deps.channels, deps.metrics, { attachments: deps.attachments });
  const projection = projectionActivities(deps.db, deps.webhookEndpoints, deps.reviewSampleShare);
  return {
    ...assistant,
    ...delivery,
    ...projection,
    // The turn and the delivery carry the issue's pending projection: one activity per step instead of two.
    answerTurn: projectingFirst(projection.projectIssue, answeringAndSending(
      assistant.answerTurn, delivery.deliverMessage, (id) => storedMessageText(deps.db, id), projection.projectIssue,
    )),
    deliverMessage: projectingFirst(projection.projectIssue, delivery.deliverMessage),
    ...customerDataActivities(deps.crm),
    ...slaActivities(deps.db),
    ...routingActivities({
      db: deps.db, routing: { offerTimeoutMs: deps.routing?.offerTimeoutMs ?? 60_000 }, taskQueue: deps.routing?.taskQueue,
      // dispatchers compare what they know of the people with what PostgreSQL stores, every few minutes
      seatReader: (teamId) => storedTeamSeats(deps.db, teamId),
    }),
  };
}
