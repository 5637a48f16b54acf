import type { Db } from '../../db/pool';
import { inTransaction } from '../../db/pool';

/**
 * Runs one dashboard query with settings for it alone (SET LOCAL, in its own transaction): no JIT — compiling
 * the plan took longer than running it over a month of events (bench:analytics) — and enough work_mem that
 * grouping a range's events sorts in memory instead of on disk.
 */
export async function analyticsQuery(db: Db, sql: string, params: unknown[]): Promise<Record<string, any>[]> {
  return inTransaction(db, async (client) => {
    await client.query(`SET LOCAL jit = off`);
    await client.query(`SET LOCAL work_mem = '64MB'`);
    return (await client.query(sql, params)).rows;
  });
}
