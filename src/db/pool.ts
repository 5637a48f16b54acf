import { Pool } from 'pg';

export type Db = Pool;

/**
 * A connection pool. The embedded database (PGlite) serves one connection at a time, so it gets a pool of one;
 * a real PostgreSQL server gets a normal pool.
 */
export function createPool(databaseUrl: string, options: { embedded?: boolean; max?: number } = {}): Db {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.embedded ? 1 : options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` in a transaction on one connection. */
export async function inTransaction<T>(db: Db, fn: (client: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
