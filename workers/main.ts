/**
 * `npm run worker`: a worker process alone (production / docker-compose). Needs DATABASE_URL and TEMPORAL_ADDRESS.
 * Serves /healthz and /metrics (METRICS_TOKEN) on WORKER_HTTP_PORT; SIGTERM drains in-flight activities before exiting.
 */
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { SupportMetrics } from '../src/observability/metrics';
import { onShutdown } from '../src/cli/shutdown';
import { requireSharedServices } from '../src/cli/standalone-config';
import { openDatabase } from '../src/runtime/database';
import { startSupportWorker } from '../src/runtime/support-worker';
import { createWorkerHttpServer } from '../src/runtime/worker-http';

async function main(): Promise<void> {
  const config = loadConfig();
  const temporalAddress = requireSharedServices(config, 'worker');
  const logger = createLogger(config.logLevel, 'switchboard-worker');
  const database = await openDatabase(config);
  const metrics = new SupportMetrics();
  const worker = await startSupportWorker(config, temporalAddress, database.db, metrics, logger,
    process.env.SWITCHBOARD_WORKFLOW_BUNDLE);
  const http = createWorkerHttpServer({ metrics, state: () => worker.worker.getState(), metricsToken: config.metricsToken });
  if (config.workerHttpPort) http.listen(config.workerHttpPort);
  logger.info({ taskQueue: config.temporal.taskQueue, assistant: worker.assistantName }, 'worker running');
  onShutdown(logger, async () => {
    http.close();
    await worker.close();
    await database.close();
  });
  await worker.running;
}

main().catch((error) => {
  process.stderr.write(`✗ ${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
