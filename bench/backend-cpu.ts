import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

/**
 * The CPU time the PostgreSQL server spends on queries, read from /proc/<backend pid>/stat: on a machine shared
 * with other work the wall-clock time of a query says more about the neighbours than about the query. Works
 * only when the server runs on this machine (else `available` is false). One connection, no parallel workers,
 * so the one backend does all the work of a query and all of it is counted.
 */
export class BackendCpu {
  readonly db: Pool;
  private pid = 0;
  available = false;

  constructor(databaseUrl: string) {
    // a query may wait for the one connection while a long one runs (a summary runs three at once); the
    // connection is never closed when idle (while the wall-clock runs go first): a new one would be another
    // backend, with another pid and without the session's setting
    this.db = new Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 600_000, idleTimeoutMillis: 0 });
  }

  async open(): Promise<void> {
    await this.db.query('SET max_parallel_workers_per_gather = 0');
    this.pid = (await this.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    this.available = this.ticks() !== undefined;
  }

  /** CPU ms of the backend while `work` ran; undefined when /proc does not show the server. */
  async measure(work: () => Promise<unknown>): Promise<number | undefined> {
    const before = this.ticks();
    await work();
    const after = this.ticks();
    return before === undefined || after === undefined ? undefined : (after - before) * 10; // 100 ticks a second
  }

  private ticks(): number | undefined {
    try {
      // fields after "(comm) ": state is [0], utime [11], stime [12]
      const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
}
