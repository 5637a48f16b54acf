/**
 * `npm run kb:import -- [--language en|ru] <file or folder> [...]`: imports Markdown, HTML, plain-text and CSV FAQ
 * files into the knowledge base (DATABASE_URL, or the embedded database in DATA_DIR). Re-running it updates
 * changed chunks, leaves unchanged ones alone and removes chunks that disappeared from a file.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config';
import { embedderFromEnv } from '../kb/embeddings';
import { collectKbFiles, importKbFiles } from '../kb/import-files';
import { openDatabase } from '../runtime/database';
import { progressBar } from './progress';

const USAGE = 'usage: npm run kb:import -- [--language en|ru] <file or folder> [<file or folder> ...]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { language: { type: 'string' } }, allowPositionals: true });
  const language = z.enum(['en', 'ru']).optional().safeParse(values.language);
  if (!language.success || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const embedder = embedderFromEnv(config.env);
  const { files, skipped } = await collectKbFiles(positionals);
  for (const file of skipped) process.stderr.write(`skipped ${file}: not .md, .html, .txt or .csv\n`);
  if (files.length === 0) {
    process.stderr.write('no files to import\n');
    return 1;
  }
  const database = await openDatabase(config);
  try {
    process.stderr.write(`importing ${files.length} file(s) into ${database.location}${embedder ? ` with embeddings (${embedder.model})` : ''}\n`);
    const bar = progressBar(files.length, 'kb');
    const outcomes = await importKbFiles(database.db, files, {
      language: language.data, embedder, onFile: (o) => bar.tick(o.file.source),
    });
    bar.stop();
    const total = { created: 0, updated: 0, unchanged: 0, removed: 0 };
    for (const { file, report, error } of outcomes) {
      if (error) {
        process.stderr.write(`✗ ${file.source}: ${error}\n`);
        continue;
      }
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += report![k];
      process.stdout.write(`${file.source}: ${report!.created} created, ${report!.updated} updated, ${report!.unchanged} unchanged, ${report!.removed} removed\n`);
    }
    process.stdout.write(`total: ${total.created} created, ${total.updated} updated, ${total.unchanged} unchanged, ${total.removed} removed\n`);
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`✗ kb:import failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
