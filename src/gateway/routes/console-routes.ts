import { Router } from 'express';
import { streamConsoleEvents } from '../../console/console-event-stream';
import { operatorOf, requireOperator } from '../auth';
import type { GatewayDependencies } from '../dependencies';
import { HttpError } from '../http-errors';

/** The console's own API: its live events (`GET /api/v1/console/events`, Server-Sent Events, staff). */
export function consoleRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/console/events', requireOperator(deps.db), (_req, res) => {
    if (!deps.console) throw new HttpError(503, 'live_events_unavailable', 'this gateway serves no live console events');
    streamConsoleEvents(res, { hub: deps.console.hub, streams: deps.console.streams, operatorId: operatorOf(res).id });
  });
  return router;
}
