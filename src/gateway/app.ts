import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { GatewayDependencies } from './dependencies';
import type { RawBodyRequest } from './raw-body';
import { HttpError, errorHandler } from './http-errors';
import { securityHeaders } from './security-headers';
import { METRICS_UNAUTHORIZED, metricsAuthorized } from '../observability/metrics-access';
import { crmRoutes } from './routes/crm-routes';
import { apiChannelRoutes } from './routes/api-channel-routes';
import { codecRoutes } from './routes/codec-routes';
import { consoleRoutes } from './routes/console-routes';
import { consoleAssets } from './console-assets';
import { identityRoutes } from './routes/identity-routes';
import { kbRoutes } from './routes/kb-routes';
import { operatorRoutes } from './routes/operator-routes';
import { slaRoutes } from './routes/sla-routes';
import { routingRoutes } from './routes/routing-routes';
import { refuseUnsafeUrls } from './url-guard';
import { sessionRoutes } from './routes/session-routes';
import { peopleRoutes } from './routes/people-routes';
import { teamRoutes } from './routes/team-routes';
import { tokenRoutes } from './routes/token-routes';
import { cannedResponseRoutes } from './routes/canned-response-routes';
import { issueNoteRoutes } from './routes/issue-note-routes';
import { commentModerationRoutes } from './routes/comment-moderation-routes';
import { authorizeRoutes } from './authorization/authorize';
import { reviewRoutes } from '../review/review-routes';
import { analyticsRoutes } from '../analytics/http/analytics-routes';
import { experimentRoutes } from '../experiments/http/experiment-routes';
import { ratingLinkRoutes } from '../csat/rating-routes';
import { operatorRatingRoutes } from '../csat/operator-ratings-routes';
import { attachmentDownloadRoutes } from '../attachments/download-route';

/** Routes that parse their JSON themselves, after authentication, with a limit of their own. */
const readsOwnJson = (req: express.Request) => req.method === 'POST' && req.path === '/api/v1/messages';

/** The HTTP gateway: channels in, operators and integrators in, health and metrics out. */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.set('trust proxy', deps.trustProxy ?? 'loopback');

  app.use((req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      // Route patterns, not raw paths, so ids do not explode the label set.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ route });
      deps.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  app.use(refuseUnsafeUrls);
  for (const { module } of deps.channels) {
    if (module.beforeBody) app.use(module.beforeBody.path, module.beforeBody.handler);
  }
  app.use(cookieParser());
  // The API channel's messages may carry a file as base64: that route reads its JSON itself, with a larger limit
  // and only after the channel key was checked (src/gateway/routes/api-channel-routes.ts); every other body keeps
  // MAX_BODY_BYTES. Multipart uploads are read by their routes, after authentication.
  const json = express.json({
    limit: deps.maxBodyBytes,
    strict: true,
    // Channels verify signatures over the exact bytes they were sent (WhatsApp's X-Hub-Signature-256, ...).
    verify: (req, _res, buf) => {
      (req as RawBodyRequest).rawBody = buf;
    },
  });
  app.use((req, res, next) => (readsOwnJson(req) ? next() : json(req, res, next)));

  // Who may call which route: one table (authorization/route-rules.ts), applied here before any route runs.
  app.use(authorizeRoutes(app, deps.db, deps.logger));

  app.get('/healthz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.query('SELECT 1').then(() => true, () => false),
      deps.temporalHealthy().catch(() => false),
    ]);
    const ok = database && temporal;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded', checks: { database, temporal },
    });
  });
  app.get('/metrics', async (req, res) => {
    if (!metricsAuthorized(req.header('authorization'), deps.metricsToken)) {
      res.status(401).set('www-authenticate', 'Bearer').json(METRICS_UNAUTHORIZED);
      return;
    }
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  app.use('/console', consoleAssets(deps.consoleDistDir));
  app.use('/api/v1', sessionRoutes(deps));
  app.use('/api/v1', operatorRatingRoutes(deps));
  app.use('/api/v1', operatorRoutes(deps));
  if (deps.routing) app.use('/api/v1', routingRoutes(deps, deps.routing));
  app.use('/api/v1', consoleRoutes(deps));
  app.use('/api/v1/kb', kbRoutes(deps));
  app.use('/api/v1/crm', crmRoutes(deps));
  app.use('/api/v1', peopleRoutes(deps));
  app.use('/api/v1', teamRoutes(deps));
  app.use('/api/v1', tokenRoutes(deps));
  app.use('/api/v1', cannedResponseRoutes(deps));
  app.use('/api/v1', issueNoteRoutes(deps));
  app.use('/api/v1', commentModerationRoutes(deps));
  app.use('/api/v1', identityRoutes(deps));
  app.use('/api/v1', slaRoutes(deps));
  app.use('/api/v1', analyticsRoutes(deps));
  app.use('/api/v1', reviewRoutes(deps));
  app.use('/api/v1', experimentRoutes(deps));
  if (deps.payloadCodec) app.use('/codec', codecRoutes(deps.payloadCodec.codec, deps.payloadCodec.uiOrigins, { db: deps.db, accessKey: deps.payloadCodec.accessKey }));
  app.use('/api/v1', apiChannelRoutes(deps));
  app.use('/csat', ratingLinkRoutes(deps));
  app.use(attachmentDownloadRoutes(deps.attachments));
  for (const { module, settings } of deps.channels) {
    if (module.routes) app.use(module.mountPath ?? `/webhooks/${module.channel}`, module.routes(settings, deps));
  }

  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
