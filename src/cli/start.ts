/**
 * `npm start`: the whole system on one machine with embedded defaults. Starts the Temporal dev server (unless
 * TEMPORAL_ADDRESS points at one), the database (PostgreSQL from DATABASE_URL, else embedded PGlite), the worker
 * and the HTTP gateway, and prints where everything is. Ctrl-C shuts down cleanly.
 */
import path from 'node:path';
import { loadConfig, ConfigError } from '../config';
import { bootstrapCredentials } from '../db/credentials';
import { adoptSupportPolicy } from '../db/sla';
import { createLogger } from '../observability/logger';
import { SupportMetrics } from '../observability/metrics';
import { openDatabase } from '../runtime/database';
import { startGateway } from '../runtime/gateway-server';
import { startSupportWorker } from '../runtime/support-worker';
import { connectTemporalClient } from '../temporal/connection';
import { ensureTemporalCli } from './ensure-temporal-cli';
import { generatedCredentialLines } from './credentials-notice';
import { localDefaults } from './local-defaults';
import { onShutdown } from './shutdown';

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  // Payload encryption on by default (key kept in DATA_DIR) and a codec access key for the local UI.
  const config = await localDefaults(loadConfig());
  const logger = createLogger(config.logLevel);
  const cleanup: (() => Promise<void>)[] = [];
  onShutdown(logger, async () => {
    for (const step of cleanup.reverse()) await step().catch((error) => logger.error({ err: error }, 'shutdown step failed'));
  });

  let address = config.temporal.address;
  let uiUrl: string | undefined;
  if (!address) {
    say('▸ Temporal: starting the dev server …');
    const { startDevServer } = await import('../temporal/dev-server');
    const executable = await ensureTemporalCli(say);
    const devServer = await startDevServer({
      executable,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.devServerUiPort,
      dbFilename: path.resolve(config.dataDir, 'temporal.db'),
      logFile: path.resolve(config.dataDir, 'temporal-server.log'),
      // The UI decrypts through the gateway's codec endpoint; it cannot send a token, so the URL carries the key.
      extraArgs: config.dataConverter ? ['--ui-codec-endpoint', `http://localhost:${config.port}/codec/${config.codecAccessKey}`] : [],
    });
    cleanup.push(() => devServer.stop());
    address = devServer.address;
    uiUrl = devServer.uiUrl;
  }

  say('▸ Database: opening and migrating …');
  const database = await openDatabase(config, (line) => logger.debug({ migration: line }, 'migration'));
  cleanup.push(() => database.close());
  const generated = await bootstrapCredentials(database.db, config.bootstrap);
  await adoptSupportPolicy(database.db, config.policy);

  const metrics = new SupportMetrics();
  say('▸ Worker: bundling workflows and starting …');
  const worker = await startSupportWorker(config, address, database.db, metrics, logger);
  cleanup.push(() => worker.close());
  worker.running.catch((error) => {
    logger.fatal({ err: error }, 'worker stopped unexpectedly');
    process.kill(process.pid, 'SIGTERM');
  });

  const client = await connectTemporalClient(config.temporal, address, config.dataConverter);
  cleanup.push(() => client.connection.close());
  const gateway = await startGateway(config, { db: database.db, client, metrics, logger, databaseKind: database.kind });
  cleanup.push(() => gateway.close());

  const lines = [
    '',
    'Switchboard is running.',
    `  Gateway (HTTP API)   ${gateway.url}   (health ${gateway.url}/healthz, metrics ${gateway.url}/metrics ${config.metricsToken ? 'with METRICS_TOKEN' : 'off: set METRICS_TOKEN'})`,
    `  Temporal             ${address}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
    uiUrl ? `  Temporal Web UI      ${uiUrl}   (payloads encrypted; the UI decrypts them through the gateway)` : undefined,
    `  Database             ${database.location}`,
    `  Assistant            ${worker.assistantName === 'openai' ? `ChatGPT (${config.openai?.model})` : 'offline responder (no OPENAI_API_KEY)'}`,
    ...config.channels.map(({ module, settings }) => `  Channel ${module.channel.padEnd(12)} ${module.describe(settings)}`),
    ...gateway.listeners.map((l) => `  Listener             ${l.describe}`),
    config.channels.some((c) => c.module.channel === 'widget') ? `  Widget demo page     ${gateway.url}/demo` : undefined,
    ...generatedCredentialLines(generated),
    '',
    'Press Ctrl-C to stop.',
  ].filter((l): l is string => l !== undefined);
  say(lines.join('\n'));
  logger.info({ gateway: gateway.url, temporal: address, database: database.kind }, 'switchboard started');
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    say(`✗ ${error.message}`);
  } else {
    say(`✗ start failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
  process.exit(1);
});
