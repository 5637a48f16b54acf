import { ConfigError, type AppConfig } from '../config';

/**
 * A gateway or worker run on its own (production, docker-compose) joins shared services: it needs a real
 * database and a Temporal address, which only `npm start` provides by itself. Returns the Temporal address.
 */
export function requireSharedServices(config: AppConfig, role: 'gateway' | 'worker'): string {
  if (!config.databaseUrl) throw new ConfigError(`DATABASE_URL is required for a standalone ${role} (npm start embeds one)`);
  if (!config.temporal.address) throw new ConfigError(`TEMPORAL_ADDRESS is required for a standalone ${role}`);
  return config.temporal.address;
}
