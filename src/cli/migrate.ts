/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { loadConfig } from '../config';
import { openDatabase } from '../runtime/database';

openDatabase(loadConfig(), (line) => process.stderr.write(`${line}\n`))
  .then(async (database) => {
    process.stderr.write(`schema is up to date (${database.location})\n`);
    await database.close();
  })
  .catch((error) => {
    process.stderr.write(`✗ migration failed: ${error?.message ?? error}\n`);
    process.exit(1);
  });
