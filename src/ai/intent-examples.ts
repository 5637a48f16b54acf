import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import type { IntentExample } from './intent-model/intent-classifier';

const hashOf = (text: string) => createHash('md5').update(text.trim().toLowerCase()).digest('hex');

/** Stores labelled examples; an example already there (same label, same text) is skipped. */
export async function addIntentExamples(db: Db, examples: readonly IntentExample[], source?: string): Promise<number> {
  let added = 0;
  for (const e of examples) {
    const result = await db.query(
      `INSERT INTO intent_examples (id, text, label, text_hash, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (label, text_hash) DO NOTHING`,
      [randomUUID(), e.text.trim(), e.label.trim(), hashOf(e.text), source ?? null],
    );
    added += result.rowCount ?? 0;
  }
  return added;
}

export async function loadIntentExamples(db: Db): Promise<IntentExample[]> {
  const { rows } = await db.query<IntentExample>('SELECT text, label FROM intent_examples ORDER BY created_at, id');
  return rows;
}

/** Changes when examples are added or removed: the worker retrains when it does. */
export async function intentExamplesVersion(db: Db): Promise<string> {
  const { rows } = await db.query<{ n: number; latest: Date | null }>(
    'SELECT count(*)::int AS n, max(created_at) AS latest FROM intent_examples');
  return `${rows[0].n}:${rows[0].latest?.toISOString() ?? ''}`;
}

export async function intentLabelCounts(db: Db): Promise<{ label: string; examples: number }[]> {
  const { rows } = await db.query<{ label: string; examples: number }>(
    'SELECT label, count(*)::int AS examples FROM intent_examples GROUP BY label ORDER BY label');
  return rows;
}
