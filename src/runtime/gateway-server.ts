import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { AppConfig } from '../config';
import type { Db } from '../db/pool';
import type { ChannelServer } from '../channels/channel-module';
import { AbuseLimits } from '../abuse/limits';
import { createGatewayApp } from '../gateway/app';
import { trustProxyFromEnv } from '../gateway/trust-proxy';
import { codeMailerFromEnv } from '../identity/code-mailer';
import { IdentityLinkService } from '../identity/link-service';
import type { GatewayDependencies } from '../gateway/dependencies';
import type { Logger } from '../observability/logger';
import type { SupportMetrics } from '../observability/metrics';
import { IssueRegistry } from '../db/issue-registry';
import { IssueService } from '../temporal/issue-service';
import { intakeExperiments } from '../experiments/intake-experiments';
import { WebhookDispatcher } from '../integrations/webhook-dispatcher';
import { ConsoleEventHub } from '../console/console-event-hub';
import { OpenStreams } from '../channels/widget/message-stream';
import { loadPeopleSettings } from '../people/people-settings';
import { invitationMailerFromEnv } from '../people/invitation-mailer';
import { RoutingGateway } from '../routing/routing-gateway';
import { releaseHeldTasks } from '../routing/release-on-leave';
import { loadRoutingSettings } from '../routing/settings';
import { Attachments } from '../attachments/attachments';
import { createAttachmentStorage } from '../attachments/storage-factory';

/** The HTTP gateway listening on HOST:PORT. */
export async function startGateway(
  config: AppConfig,
  deps: {
    db: Db; client: Client; metrics: SupportMetrics; logger: Logger; databaseKind: string;
    onOperatorStatusChanged?: GatewayDependencies['onOperatorStatusChanged'];
  },
): Promise<{ server: Server; app: Express; url: string; listeners: ChannelServer[]; close(): Promise<void> }> {
  const issues = new IssueService(deps.client, {
    taskQueue: config.temporal.taskQueue, policy: config.policy, registry: new IssueRegistry(deps.db),
    updateWaitMs: config.operatorActionWaitMs, experiments: intakeExperiments(deps.db),
  });
  const limits = AbuseLimits.fromEnv(deps.db, config.env);
  const routing = new RoutingGateway(deps.client, deps.db, {
    taskQueue: config.temporal.taskQueue, offerTimeoutMs: loadRoutingSettings(config.env).offerTimeoutMs,
  });
  const gatewayDeps: GatewayDependencies = {
    db: deps.db, issues, metrics: deps.metrics, logger: deps.logger, maxBodyBytes: config.maxBodyBytes,
    databaseKind: deps.databaseKind, channels: config.channels, metricsToken: config.metricsToken,
    payloadCodec: config.dataConverter?.payloadCodecs?.[0]
      ? { codec: config.dataConverter.payloadCodecs[0], uiOrigins: temporalUiOrigins(config), accessKey: config.codecAccessKey }
      : undefined,
    limits,
    attachments: new Attachments(deps.db, createAttachmentStorage(config.attachments, config.dataDir), config.attachments),
    console: { hub: new ConsoleEventHub(deps.db, deps.logger.child({ part: 'console-events' })), streams: new OpenStreams() },
    people: loadPeopleSettings(config.env),
    // a status or capacity change reaches the dispatchers of the person's teams
    onOperatorStatusChanged: deps.onOperatorStatusChanged ?? (async (change) => {
      await routing.operatorStatusChanged(change);
      if (change.status !== 'online') await releaseHeldTasks(deps.db, issues, deps.logger, change.operatorId);
    }),
    invitationMailer: invitationMailerFromEnv(config.env),
    routing,
    trustProxy: trustProxyFromEnv(config.env),
    identityLinks: new IdentityLinkService(
      deps.db, new Set(config.channels.map((c) => c.module.channel)), limits, codeMailerFromEnv(config.env),
    ),
    temporalHealthy: async () => {
      await deps.client.withDeadline(Date.now() + 3_000, () => deps.client.workflowService.getSystemInfo({}));
      return true;
    },
  };
  const app = createGatewayApp(gatewayDeps);
  // Integrators' webhooks go out from the gateway too, so they keep flowing while no worker runs (the claim
  // makes several dispatchers safe).
  const dispatcher = config.integrationWebhooks ? new WebhookDispatcher(deps.db, config.integrationWebhooks, deps.logger) : undefined;
  const listeners: ChannelServer[] = [];
  // in the background: until notifications are confirmed (or on a database without them) consoles poll
  void gatewayDeps.console!.hub.start();
  for (const { module, settings } of config.channels) {
    if (module.startServer) listeners.push(await module.startServer(settings, gatewayDeps));
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  dispatcher?.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    server,
    app,
    url: `http://${host}:${port}`,
    listeners,
    close: async () => {
      await dispatcher?.stop();
      await gatewayDeps.console!.hub.stop();
      gatewayDeps.console!.streams.closeAll();
      await Promise.all(listeners.map((l) => l.stop()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** Where the Temporal Web UI runs, for the codec endpoint's CORS: TEMPORAL_UI_ORIGINS, else the local dev server's. */
function temporalUiOrigins(config: AppConfig): string[] {
  const given = (config.env.TEMPORAL_UI_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  if (given.length > 0) return given;
  const port = config.temporal.devServerUiPort;
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}
