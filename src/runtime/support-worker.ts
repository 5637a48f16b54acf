import { Attachments } from '../attachments/attachments';
import { createAttachmentStorage } from '../attachments/storage-factory';
import { loadPeopleSettings } from '../people/people-settings';
import { catchUpBusinessHours } from '../analytics/facts/refresh-issue-facts';
import { FactsRefresher } from '../analytics/facts/facts-refresher';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSupportWorker } from '../../workers/create-worker';
import type { AppConfig } from '../config';
import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import type { SupportMetrics } from '../observability/metrics';
import { installTemporalRuntime } from './temporal-runtime';
import { WebhookDispatcher } from '../integrations/webhook-dispatcher';
import { crmReaderFromEnv } from '../crm/crm-reader-factory';
import { createAssistant } from './assistant-factory';
import { createChannelSenders } from './channel-senders';
import { loadRoutingSettings } from '../routing/settings';
import { loadReviewSettings } from '../review/review-settings';

/** A worker with the real activities for this configuration. */
export async function startSupportWorker(
  config: AppConfig, address: string, db: Db, metrics: SupportMetrics, logger: Logger, workflowBundlePath?: string,
): Promise<{ worker: Worker; running: Promise<void>; assistantName: string; close(): Promise<void> }> {
  installTemporalRuntime(logger);
  const webhooks = config.integrationWebhooks;
  const crm = crmReaderFromEnv(db, config.env);
  const { assistant, intentModels } = createAssistant(config, db, crm, logger);
  const { worker, connection } = await createSupportWorker({
    temporal: config.temporal,
    address,
    activities: createActivities({
      db, assistant, crm, channels: createChannelSenders(config, db), metrics, webhookEndpoints: webhooks?.urls,
      routing: { ...loadRoutingSettings(config.env), taskQueue: config.temporal.taskQueue },
      reviewSampleShare: loadReviewSettings(config.env).sampleShare,
      attachments: {
        files: new Attachments(db, createAttachmentStorage(config.attachments, config.dataDir), config.attachments),
        publicUrl: loadPeopleSettings(config.env).publicUrl,
      },
    }),
    workflowBundlePath,
    dataConverter: config.dataConverter,
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  const dispatcher = webhooks ? new WebhookDispatcher(db, webhooks, logger) : undefined;
  dispatcher?.start();
  // Loads the stored offline intent model, or trains it in a worker thread: never on this event loop.
  intentModels?.start();
  // the issues the facts migration backfilled get their business-hours durations, off the start-up path
  catchUpBusinessHours(db, (line) => logger.info(line)).catch((error: unknown) =>
    logger.warn({ err: error }, 'analytics: business-hours catch-up failed; it runs again at the next start'));
  // the dashboard's facts follow the stored changes, a batch of issues per pass, off the turn's path
  const facts = new FactsRefresher(db, logger, {
    intervalMs: config.analyticsFactsRefreshMs,
    onRefreshed: (issues, waited) => {
      metrics.factsRefreshed.inc(issues);
      metrics.factsLag.observe(waited);
    },
  });
  facts.start();
  const running = worker.run();
  return {
    worker,
    running,
    assistantName: assistant.name,
    async close() {
      await dispatcher?.stop();
      await intentModels?.stop();
      await facts.stop();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
