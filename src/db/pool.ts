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
  // A client losing its connection must not crash the process. Idle ones: the pool drops and replaces them.
  // Checked-out ones (a transaction between two statements) have no listener of the pool's, and pg would throw
  // an unhandled 'error' event: the next statement fails instead, and release drops the broken client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
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
