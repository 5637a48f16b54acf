import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process. The gateway serves them on /metrics; a standalone worker on its own port. */
export class SupportMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'switchboard_http_requests_total', help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'switchboard_http_request_duration_seconds', help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly inboundMessages = new Counter({
    name: 'switchboard_inbound_messages_total', help: 'Customer messages accepted or rejected by channel',
    labelNames: ['channel', 'result'] as const, registers: [this.registry],
  });
  readonly assistantDecisions = new Counter({
    name: 'switchboard_assistant_decisions_total', help: 'Answer drafts by decision and assistant',
    labelNames: ['decision', 'source'] as const, registers: [this.registry],
  });
  readonly assistantFailures = new Counter({
    name: 'switchboard_assistant_failures_total', help: 'Failed assistant calls (each attempt)',
    labelNames: ['step', 'source'] as const, registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'switchboard_deliveries_total', help: 'Outbound message deliveries by channel and result',
    labelNames: ['channel', 'result'] as const, registers: [this.registry],
  });
  readonly factsRefreshed = new Counter({
    name: 'switchboard_analytics_facts_refreshed_total', help: 'Issues whose analytics facts the refresher recomputed',
    registers: [this.registry],
  });
  readonly factsLag = new Histogram({
    name: 'switchboard_analytics_facts_lag_seconds',
    help: 'How long the oldest issue of each refresh pass waited for its analytics facts',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300], registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }
}
