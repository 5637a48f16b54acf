/** `npm run gateway`: the HTTP gateway alone (production / docker-compose). Needs DATABASE_URL and TEMPORAL_ADDRESS. */
import { ConfigError, loadConfig } from '../config';
import { bootstrapCredentials } from '../db/credentials';
import { adoptSupportPolicy } from '../db/sla';
import { createLogger } from '../observability/logger';
import { SupportMetrics } from '../observability/metrics';
import { openDatabase } from '../runtime/database';
import { startGateway } from '../runtime/gateway-server';
import { connectTemporalClient } from '../temporal/connection';
import { printGeneratedCredentials } from './credentials-notice';
import { onShutdown } from './shutdown';
import { requireSharedServices } from './standalone-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const temporalAddress = requireSharedServices(config, 'gateway');
  const logger = createLogger(config.logLevel, 'switchboard-gateway');
  const database = await openDatabase(config);
  const generated = await bootstrapCredentials(database.db, config.bootstrap);
  await adoptSupportPolicy(database.db, config.policy);
  printGeneratedCredentials(generated);
  const client = await connectTemporalClient(config.temporal, temporalAddress, config.dataConverter);
  const gateway = await startGateway(config, { db: database.db, client, metrics: new SupportMetrics(), logger, databaseKind: database.kind });
  logger.info({ url: gateway.url }, 'gateway listening');
  onShutdown(logger, async () => {
    await gateway.close();
    await client.connection.close();
    await database.close();
  });
}

main().catch((error) => {
  process.stderr.write(`✗ ${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
