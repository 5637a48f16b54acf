import { createHash, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { inTransaction, type Db } from '../db/pool';
import type { IntentExample } from './intent-model/intent-classifier';

const hashOf = (text: string) => createHash('md5').update(text.trim().toLowerCase()).digest('hex');

/** Stores labelled examples; an example already there (same label, same text) is skipped. */
export async function addIntentExamples(db: Db | PoolClient, examples: readonly IntentExample[], source?: string): Promise<number> {
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

export interface IntentExamplesState {
  /** changes when examples are added or removed: a new version is trained (once, by one worker) */
  version: string;
  examples: number;
  labels: number;
}

export async function intentExamplesVersion(db: Db | PoolClient): Promise<IntentExamplesState> {
  const { rows } = await db.query<{ n: number; labels: number; latest: Date | null }>(
    'SELECT count(*)::int AS n, count(DISTINCT label)::int AS labels, max(created_at) AS latest FROM intent_examples');
  return { version: `${rows[0].n}:${rows[0].latest?.toISOString() ?? ''}`, examples: rows[0].n, labels: rows[0].labels };
}

/** The examples and their version, read in one snapshot (so the version names exactly these examples). */
export async function intentExamplesSnapshot(db: Db): Promise<{ version: string; examples: IntentExample[] }> {
  return inTransaction(db, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const { version } = await intentExamplesVersion(client);
    const { rows } = await client.query<IntentExample>('SELECT text, label FROM intent_examples ORDER BY created_at, id');
    return { version, examples: rows };
  });
}

export async function intentLabelCounts(db: Db): Promise<{ label: string; examples: number }[]> {
  const { rows } = await db.query<{ label: string; examples: number }>(
    'SELECT label, count(*)::int AS examples FROM intent_examples GROUP BY label ORDER BY label');
  return rows;
}
