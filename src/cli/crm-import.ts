/**
 * `npm run crm:import -- orders|returns|profiles <file.csv>`: upserts CRM data from a CSV export into
 * DATABASE_URL (or the embedded database in DATA_DIR). Idempotent: importing the same file again changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { CRM_CSV_KINDS, importCrmCsv, readCrmCsv, type CrmCsvKind } from '../crm/crm-csv';
import { openDatabase } from '../runtime/database';
import { progressBar } from './progress';

const USAGE = `usage: npm run crm:import -- ${CRM_CSV_KINDS.join('|')} <file.csv>`;

async function main(): Promise<number> {
  const [kind, file, ...extra] = process.argv.slice(2);
  if (!CRM_CSV_KINDS.includes(kind as CrmCsvKind) || !file || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const content = await readFile(file, 'utf8');
  const total = readCrmCsv(kind as CrmCsvKind, content).length; // a bad header fails before the database opens
  const database = await openDatabase(loadConfig());
  try {
    process.stderr.write(`importing ${total} ${kind} from ${file} into ${database.location}\n`);
    const bar = progressBar(total, kind);
    const report = await importCrmCsv(database.db, kind as CrmCsvKind, content, () => bar.tick(''));
    bar.stop();
    for (const failure of report.failed) process.stderr.write(`✗ row ${failure.row}: ${failure.message}\n`);
    process.stdout.write(`${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed.length} failed\n`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`✗ crm:import failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
