/** Reading the evaluation CSVs. Quoted fields may hold line breaks, hence a real CSV parser. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FaqEntry } from '../../ai/faq-retrieval/faq-retriever';
import type { IntentExample } from '../../ai/intent-model/intent-classifier';
import { UsageError } from './usage';

export interface FaqQuery {
  readonly query: string;
  readonly threadId: string;
}

/** Header row, then text in the first column and label in the second (extra columns are ignored). */
export function readLabelledExamples(path: string): IntentExample[] {
  const rows = parseCsv<string[]>(path, false).slice(1);
  const examples = rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row, i) => {
      if (row.length < 2 || row[1].trim() === '') throw new UsageError(`${path}: data row ${i + 1} has no label`);
      return { text: row[0], label: row[1].trim() };
    });
  if (examples.length === 0) throw new UsageError(`${path}: no data rows`);
  return examples;
}

/** StackFAQ knowledge base: columns thread_id, question, answer. */
export function readFaqKnowledgeBase(path: string): FaqEntry[] {
  const rows = parseCsv<Record<string, string>>(path, true);
  requireColumns(path, rows, ['thread_id', 'question', 'answer']);
  return rows.map((row) => ({ threadId: row.thread_id, question: row.question, answer: row.answer }));
}

/** StackFAQ queries: columns query, thread_id. */
export function readFaqQueries(path: string): FaqQuery[] {
  const rows = parseCsv<Record<string, string>>(path, true);
  requireColumns(path, rows, ['query', 'thread_id']);
  return rows.map((row) => ({ query: row.query, threadId: row.thread_id }));
}

function parseCsv<Row>(path: string, columns: boolean): Row[] {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parse(content, { columns, bom: true, relax_column_count: true, skip_empty_lines: true }) as Row[];
  } catch (error) {
    throw new UsageError(`${path} is not valid CSV: ${(error as Error).message}`);
  }
}

function requireColumns(path: string, rows: readonly Record<string, string>[], names: readonly string[]): void {
  if (rows.length === 0) throw new UsageError(`${path}: no data rows`);
  const missing = names.filter((name) => !(name in rows[0]));
  if (missing.length) throw new UsageError(`${path}: missing column(s) ${missing.join(', ')}`);
}
