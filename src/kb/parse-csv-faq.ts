import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { KbChunk } from './chunk';
import { KbImportError } from './import-error';

/**
 * FAQ rows: `question,answer`, or StackFAQ's `faq_id,thread_id,question,answer_rank,answer` where a thread has
 * several answers. One article per question, its answers in rank order.
 */
const rowSchema = z.object({
  question: z.string().trim(),
  answer: z.string().trim(),
  thread_id: z.string().trim().optional(),
  answer_rank: z.string().trim().optional(),
});

const MAX_TITLE_CHARS = 300;

export function csvFaqChunks(content: string): KbChunk[] {
  let records: Record<string, string>[];
  try {
    records = parse(content, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new KbImportError(`CSV could not be read: ${(error as Error).message}`);
  }
  if (records.length === 0) return [];
  const columns = Object.keys(records[0]);
  if (!columns.includes('question') || !columns.includes('answer')) {
    throw new KbImportError(`CSV FAQ needs "question" and "answer" columns; found: ${columns.join(', ') || 'none'}`);
  }
  const groups = new Map<string, { question: string; answers: { rank: number; order: number; text: string }[] }>();
  records.forEach((record, order) => {
    const row = rowSchema.parse(record);
    if (!row.question || !row.answer) return;
    const key = row.thread_id ? `faq:${row.thread_id}` : `faq:${row.question.toLowerCase().replace(/\s+/g, ' ')}`;
    const group = groups.get(key) ?? { question: row.question, answers: [] };
    const rank = Number(row.answer_rank);
    group.answers.push({ rank: Number.isFinite(rank) ? rank : order, order, text: row.answer });
    groups.set(key, group);
  });
  return [...groups].map(([key, { question, answers }]) => {
    const title = question.length <= MAX_TITLE_CHARS ? question : `${question.slice(0, MAX_TITLE_CHARS - 1)}…`;
    const body = answers.sort((a, b) => a.rank - b.rank || a.order - b.order).map((a) => a.text).join('\n\n');
    return { key, headingPath: [title], title, body };
  });
}
