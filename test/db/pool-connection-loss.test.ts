/**
 * PostgreSQL going away (a restart, a failover) while a client is checked out between two statements of a
 * transaction: the statement fails and the transaction is abandoned, but the process lives on. Without an error
 * listener on the checked-out client, pg emits an unhandled 'error' event and the process dies (the worker did,
 * in the fault-injection run, when PostgreSQL restarted).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// In a child process: an unhandled 'error' event kills the process it happens in, which must not be jest's.
const PROGRAM = `
const { startEmbeddedPostgres } = require('./src/db/embedded-postgres');
const { createPool, inTransaction } = require('./src/db/pool');
(async () => {
  const server = await startEmbeddedPostgres({});
  const db = createPool(server.url, { embedded: true });
  const outcome = await inTransaction(db, async (client) => {
    await client.query('SELECT 1');
    await server.stop(); // closes the connection while the transaction holds the client, between statements
    await new Promise((r) => setTimeout(r, 300));
    await client.query('SELECT 1');
  }).then(() => 'committed', (error) => 'failed: ' + error.message);
  await db.end().catch(() => undefined);
  console.log('alive after: ' + outcome);
})();
`;

it('survives the database closing the connection of a client a transaction holds', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', PROGRAM], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).not.toMatch(/Unhandled 'error' event/);
  expect(run.stdout).toMatch(/^alive after: failed: /m);
  expect(run.status).toBe(0);
});
