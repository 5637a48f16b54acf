import path from 'node:path';
import type { AppConfig } from '../config';
import { migrateUp } from '../db/migrate';
import { createPool, type Db } from '../db/pool';

export interface OpenDatabase {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** where it is, without the password */
  location: string;
  close(): Promise<void>;
}

/** A connection string fit for logs: the password replaced by ***. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * A real PostgreSQL when DATABASE_URL is set; otherwise the embedded PGlite in DATA_DIR, served over the
 * PostgreSQL wire protocol on loopback so both run the very same SQL through `pg`. Migrates to the latest schema.
 */
export async function openDatabase(config: AppConfig, log: (line: string) => void = () => undefined): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const db = createPool(config.databaseUrl);
    await migrateUp(db, log);
    return { db, kind: 'postgres', location: withoutPassword(config.databaseUrl), close: () => db.end() };
  }
  const { startEmbeddedPostgres } = await import('../db/embedded-postgres');
  const dataDir = path.resolve(config.dataDir, 'pglite');
  const embedded = await startEmbeddedPostgres({ dataDir });
  const db = createPool(embedded.url, { embedded: true });
  try {
    await migrateUp(db, log);
  } catch (error) {
    await db.end().catch(() => undefined);
    await embedded.stop();
    throw error;
  }
  return {
    db, kind: 'embedded', location: `embedded PGlite in ${dataDir} (served at ${embedded.url})`,
    close: async () => {
      await db.end();
      await embedded.stop();
    },
  };
}
