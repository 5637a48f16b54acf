/**
 * The embedded PostgreSQL serves several connections (the gateway's pool, a worker process's pool) from one
 * PGlite session. A parameterized query is several protocol messages (Parse, Bind, Execute, Sync); a large Bind
 * arrives in several TCP chunks, and another connection's messages must not run in between, or its Parse
 * replaces the statement the first one binds to (seen as 401s and 500s in the fault-injection run).
 */
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';

let server: EmbeddedPostgres;
let pools: Pool[] = [];

beforeAll(async () => {
  server = await startEmbeddedPostgres({});
  pools = [new Pool({ connectionString: server.url, max: 1 }), new Pool({ connectionString: server.url, max: 4 })];
  await pools[0].query('CREATE TABLE IF NOT EXISTS session_probe (id serial PRIMARY KEY, who text NOT NULL, body text NOT NULL)');
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await server?.stop();
});

it('never mixes the protocol messages of concurrent connections', async () => {
  const bulky = 'x'.repeat(300_000); // a Bind larger than one TCP chunk
  const mismatches: string[] = [];
  // Statements of different shapes (1..5 parameters) from every connection at once; each checks its own answer.
  async function client(pool: Pool, shape: number): Promise<void> {
    for (let i = 0; i < 60; i++) {
      const params = Array.from({ length: shape }, (_, k) => `${shape}-${i}-${k}${k === 0 ? bulky : ''}`);
      try {
        if (i % 3 === 2) {
          const { rows } = await pool.query('INSERT INTO session_probe (who, body) VALUES ($1, $2) RETURNING who',
            [`writer-${shape}`, params[0]]);
          if (rows[0]?.who !== `writer-${shape}`) mismatches.push(`insert ${shape}/${i} returned another row: ${JSON.stringify(rows[0]).slice(0, 60)}`);
          continue;
        }
        const sql = `SELECT ${params.map((_, k) => `$${k + 1}::text`).join(` || '|' || `)} AS joined`;
        const { rows } = await pool.query(sql, params);
        if (rows[0]?.joined !== params.join('|')) mismatches.push(`select ${shape}/${i} got another answer`);
      } catch (error) {
        mismatches.push(`${shape}/${i}: ${(error as Error).message}`);
      }
    }
  }
  await Promise.all(pools.flatMap((pool) => [1, 2, 3, 4, 5].map((shape) => client(pool, shape))));
  expect(mismatches).toEqual([]);
  const { rows } = await pools[1].query('SELECT count(*)::int AS n FROM session_probe');
  expect(rows[0].n).toBe(2 * 5 * 20);
});

it('frees the backend when a connection dies in the middle of a transaction', async () => {
  const dying = await pools[1].connect();
  await dying.query('BEGIN');
  await dying.query("INSERT INTO session_probe (who, body) VALUES ('never', 'committed')");
  // The connection goes away without COMMIT; the other connections must get the backend, without that row.
  dying.release(new Error('connection lost'));
  const { rows } = await pools[0].query("SELECT count(*)::int AS n FROM session_probe WHERE who = 'never'");
  expect(rows[0].n).toBe(0);
});
