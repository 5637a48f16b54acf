import { createServer, type Server } from 'node:http';
import type { SupportMetrics } from '../observability/metrics';
import { METRICS_UNAUTHORIZED, metricsAuthorized } from '../observability/metrics-access';

/** The standalone worker's own HTTP port (WORKER_HTTP_PORT): a public /healthz, /metrics with METRICS_TOKEN. */
export function createWorkerHttpServer(opts: { metrics: SupportMetrics; state: () => string; metricsToken?: string }): Server {
  return createServer(async (req, res) => {
    if (req.url === '/metrics') {
      if (!metricsAuthorized(req.headers.authorization, opts.metricsToken)) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(JSON.stringify(METRICS_UNAUTHORIZED));
        return;
      }
      res.setHeader('content-type', opts.metrics.registry.contentType);
      res.end(await opts.metrics.registry.metrics());
    } else if (req.url === '/healthz') {
      const state = opts.state();
      res.statusCode = state === 'RUNNING' ? 200 : 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: state === 'RUNNING' ? 'ok' : 'degraded', worker: state }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
}
