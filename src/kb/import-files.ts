import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SupportedLanguage } from '../ai/language';
import type { Db } from '../db/pool';
import { normaliseText } from '../domain/safe-text';
import type { Embedder } from './embeddings';
import { importDocument, type KbImportReport } from './import-document';
import { formatOfFile, type KbFormat } from './parse-document';

export interface KbFile {
  file: string;
  format: KbFormat;
  /** the path relative to the working directory (absolute outside it), with forward slashes: the chunks' source */
  source: string;
}

/** Files to import from the given files and folders (recursively); folders contribute only known formats. */
export async function collectKbFiles(paths: string[], cwd = process.cwd()): Promise<{ files: KbFile[]; skipped: string[] }> {
  const files: KbFile[] = [];
  const skipped: string[] = [];
  const visit = async (target: string, explicit: boolean) => {
    const info = await stat(target);
    if (info.isDirectory()) {
      const entries = (await readdir(target)).filter((e) => !e.startsWith('.')).sort();
      for (const entry of entries) await visit(path.join(target, entry), false);
      return;
    }
    const format = formatOfFile(target);
    if (!format) {
      if (explicit) skipped.push(target);
      return;
    }
    // Relative to the working directory when inside it (stable across machines), else absolute.
    const relative = path.relative(cwd, target);
    const source = relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
    files.push({ file: target, format, source: source.split(path.sep).join('/') });
  };
  for (const p of paths) await visit(path.resolve(cwd, p), true);
  return { files, skipped };
}

export interface KbFileOutcome {
  file: KbFile;
  report?: KbImportReport;
  error?: string;
}

/** Imports each file in turn; a file that fails is reported and the others still go in. */
export async function importKbFiles(
  db: Db, files: KbFile[],
  options: { language?: SupportedLanguage; embedder?: Embedder; onFile?: (outcome: KbFileOutcome, done: number) => void } = {},
): Promise<KbFileOutcome[]> {
  const outcomes: KbFileOutcome[] = [];
  for (const file of files) {
    let outcome: KbFileOutcome;
    try {
      // the same rule as every other way in (src/domain/safe-text.ts): PostgreSQL cannot store a NUL
      const content = normaliseText(await readFile(file.file, 'utf8'));
      const report = await importDocument(db, { format: file.format, source: file.source, content, language: options.language },
        { embedder: options.embedder });
      outcome = { file, report };
    } catch (error) {
      outcome = { file, error: (error as Error).message };
    }
    outcomes.push(outcome);
    options.onFile?.(outcome, outcomes.length);
  }
  return outcomes;
}
