import { readdirSync } from 'node:fs';
import { runner } from 'node-pg-migrate';
import { MIGRATIONS_DIR } from '../../src/db/migrate';
import type { Db } from '../../src/db/pool';
import { databaseBackends } from './db-backends';

/**
 * A fresh embedded database migrated up to, not including, `migration` (a file name in migrations/): for tests
 * of what a migration does to an installation that already has data.
 */
export async function embeddedMigratedUntil(migration: string): Promise<{ db: Db; close: () => Promise<void> }> {
  const embedded = databaseBackends().find((b) => b.name === 'embedded PGlite')!;
  const opened = await embedded.open();
  const before = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().indexOf(migration);
  if (before <= 0) throw new Error(`no migration ${migration} after the first in ${MIGRATIONS_DIR}`);
  const client = await opened.db.connect();
  try {
    await runner({ dbClient: client, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'schema_migrations', count: before, log: () => undefined });
  } finally {
    client.release();
  }
  return opened;
}
