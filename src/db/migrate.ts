import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Db } from './pool';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/** Brings the schema up to date (node-pg-migrate, plain SQL files in migrations/). Safe to run at every start. */
export async function migrateUp(db: Db, log: (line: string) => void = () => undefined): Promise<string[]> {
  const client = await db.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      count: Infinity,
      checkOrder: true,
      // The embedded database has one connection and no concurrent migrators.
      noLock: false,
      log: (msg: string) => log(msg),
      logger: { debug: () => undefined, info: (m: string) => log(m), warn: (m: string) => log(m), error: (m: string) => log(m) },
    });
    return applied.map((m) => m.name);
  } finally {
    client.release();
  }
}
