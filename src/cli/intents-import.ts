/**
 * `npm run intents:import -- <csv> [<csv> ...]`: labelled example messages for the offline intent model (CSV with a
 * header; first column the text, second the label — the same files `npm run eval` reads). Examples already there
 * are skipped; one worker trains the new model (in a worker thread) and stores it, the others load it.
 */
import { loadConfig } from '../config';
import { addIntentExamples } from '../ai/intent-examples';
import { openDatabase } from '../runtime/database';
import { readLabelledExamples } from './eval/datasets';
import { progressBar } from './progress';

const BATCH = 500;

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('usage: npm run intents:import -- <csv> [<csv> ...]\n');
    return 2;
  }
  const perFile = files.map((file) => ({ file, examples: readLabelledExamples(file) }));
  const total = perFile.reduce((n, f) => n + f.examples.length, 0);
  const database = await openDatabase(loadConfig());
  try {
    process.stderr.write(`importing ${total} examples into ${database.location}\n`);
    const bar = progressBar(Math.ceil(total / BATCH), 'intents');
    let added = 0;
    for (const { file, examples } of perFile) {
      for (let i = 0; i < examples.length; i += BATCH) {
        added += await addIntentExamples(database.db, examples.slice(i, i + BATCH), file);
        bar.tick(file);
      }
    }
    bar.stop();
    process.stdout.write(`${added} added, ${total - added} already there\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  process.stderr.write(`✗ intents:import failed: ${error?.message ?? error}\n`);
  process.exit(error?.name === 'EvalArgumentError' || /CSV|header|column/i.test(error?.message ?? '') ? 2 : 1);
});
