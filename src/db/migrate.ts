import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Db } from './pool';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * Brings the schema up to date (node-pg-migrate, plain SQL files in migrations/). Safe to run at every start and
 * from several processes at once (gateway and workers starting together): node-pg-migrate refuses to run while
 * another process holds its lock, so we wait and try again — by then the other one has usually done the work.
 */
export async function migrateUp(db: Db, log: (line: string) => void = () => undefined): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await migrateOnce(db, log);
    } catch (error) {
      const locked = /another migration is already running/i.test((error as Error).message ?? '');
      if (!locked || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 2_000)));
    }
  }
}

async function migrateOnce(db: Db, log: (line: string) => void): Promise<string[]> {
  const client = await db.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      count: Infinity,
      checkOrder: true,
      // Take node-pg-migrate's advisory lock: gateway and workers may start at the same time.
      noLock: false,
      log: (msg: string) => log(msg),
      logger: { debug: () => undefined, info: (m: string) => log(m), warn: (m: string) => log(m), error: (m: string) => log(m) },
    });
    return applied.map((m) => m.name);
  } finally {
    client.release();
  }
}
