/**
 * The database backends a test runs against: always the embedded PGlite (what `npm start` uses without
 * DATABASE_URL), and a real PostgreSQL server when the run has one (DATABASE_URL; CI provides one).
 */
import { migrateUp } from '../../src/db/migrate';
import { createPool, type Db } from '../../src/db/pool';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

export interface Backend {
  name: string;
  open(): Promise<{ db: Db; url: string; embedded: boolean; close(): Promise<void> }>;
}

export function databaseBackends(): Backend[] {
  const backends: Backend[] = [{
    name: 'embedded PGlite',
    async open() {
      const server = await startEmbeddedPostgres({});
      const db = createPool(server.url, { embedded: true });
      return { db, url: server.url, embedded: true, close: async () => { await db.end(); await server.stop(); } };
    },
  }];
  if (process.env.SWITCHBOARD_DB_KIND === 'postgres' && process.env.DATABASE_URL) {
    backends.push({
      name: 'PostgreSQL server',
      async open() {
        const url = process.env.DATABASE_URL!;
        const db = createPool(url);
        return { db, url, embedded: false, close: () => db.end() };
      },
    });
  }
  return backends;
}

/**
 * Inside a `describe.each(databaseBackends())`: opens the backend and migrates it before the tests, closes it
 * after. Read `current.db` in the tests (it is set once beforeAll ran).
 */
export function migratedDatabase(backend: Backend): { db: Db; embedded: boolean } {
  const current = { db: undefined as unknown as Db, embedded: false };
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const opened = await backend.open();
    Object.assign(current, { db: opened.db, embedded: opened.embedded });
    close = opened.close;
    await migrateUp(opened.db);
  }, 120_000);
  afterAll(() => close());
  return current;
}
