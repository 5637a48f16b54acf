import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { detectLanguage, type SupportedLanguage } from '../ai/language';
import { inTransaction, type Db } from '../db/pool';
import type { KbChunk } from './chunk';
import type { Embedder } from './embeddings';
import { KbImportError } from './import-error';
import { parseDocument, type KbFormat } from './parse-document';

export interface KbDocument {
  format: KbFormat;
  /** the file name or URL; with each chunk's key it identifies the chunk across re-imports */
  source: string;
  content: string;
  /** detected from the document's text when absent */
  language?: SupportedLanguage;
}

export interface KbImportReport {
  source: string;
  language: SupportedLanguage;
  chunks: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** chunks whose embedding was computed in this import */
  embedded: number;
}

interface StoredChunk {
  id: string; chunk_key: string; title: string; body: string; language: SupportedLanguage;
  heading_path: string[]; embedding_model: string | null; has_embedding: boolean;
}

const sameContent = (stored: StoredChunk, chunk: KbChunk, language: SupportedLanguage) =>
  stored.title === chunk.title && stored.body === chunk.body && stored.language === language
  && stored.heading_path.join('\u0000') === chunk.headingPath.join('\u0000');

const needsEmbedding = (stored: StoredChunk | undefined, chunk: KbChunk, language: SupportedLanguage, embedder: Embedder) =>
  !stored || !sameContent(stored, chunk, language) || !stored.has_embedding || stored.embedding_model !== embedder.model;

async function storedChunks(db: Db | PoolClient, source: string, lock: boolean): Promise<Map<string, StoredChunk>> {
  const { rows } = await db.query<StoredChunk>(
    `SELECT id, chunk_key, title, body, language, heading_path, embedding_model, embedding IS NOT NULL AS has_embedding
       FROM kb_articles WHERE source = $1 AND chunk_key IS NOT NULL ${lock ? 'FOR UPDATE' : ''}`,
    [source],
  );
  return new Map(rows.map((r) => [r.chunk_key, r]));
}

/** What the embedder sees: the heading path says what the passage is about. */
const embeddingText = (chunk: KbChunk) => `${chunk.title}\n\n${chunk.body}`;

/**
 * Imports one document: its chunks are upserted by (source, chunk key); unchanged chunks are left untouched
 * (their updated_at too), chunks gone from the document are deleted. Re-importing the same content changes
 * nothing. Embeddings are computed before the transaction, so no network call holds database locks.
 */
export async function importDocument(db: Db, document: KbDocument, options: { embedder?: Embedder } = {}): Promise<KbImportReport> {
  const chunks = parseDocument(document.format, document.source, document.content);
  if (chunks.length === 0) {
    throw new KbImportError(`${document.source}: no text to import (an empty ${document.format} document)`);
  }
  const language = document.language ?? detectLanguage(chunks.map((c) => `${c.title} ${c.body}`).join('\n'));
  const { embedder } = options;

  const vectors = new Map<string, number[]>();
  if (embedder) {
    const before = await storedChunks(db, document.source, false);
    const pending = chunks.filter((c) => needsEmbedding(before.get(c.key), c, language, embedder));
    const computed = pending.length > 0 ? await embedder.embed(pending.map(embeddingText)) : [];
    pending.forEach((c, i) => vectors.set(c.key, computed[i]));
  }

  return inTransaction(db, async (client) => {
    const stored = await storedChunks(client, document.source, true);
    const report: KbImportReport = {
      source: document.source, language, chunks: chunks.length, created: 0, updated: 0, unchanged: 0, removed: 0, embedded: 0,
    };
    for (const chunk of chunks) {
      const existing = stored.get(chunk.key);
      stored.delete(chunk.key);
      const vector = vectors.get(chunk.key);
      if (vector) report.embedded++;
      if (existing && sameContent(existing, chunk, language)) {
        report.unchanged++;
        // Same text, but embeddings were switched on (or the model changed) since: store the vector only.
        if (vector && embedder) {
          await client.query('UPDATE kb_articles SET embedding = $2, embedding_model = $3 WHERE id = $1', [existing.id, vector, embedder.model]);
        }
        continue;
      }
      await client.query(
        `INSERT INTO kb_articles (id, title, body, language, source, chunk_key, heading_path, embedding, embedding_model)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (source, chunk_key) DO UPDATE SET
           title = EXCLUDED.title, body = EXCLUDED.body, language = EXCLUDED.language,
           heading_path = EXCLUDED.heading_path, embedding = EXCLUDED.embedding,
           embedding_model = EXCLUDED.embedding_model, updated_at = now()`,
        [randomUUID(), chunk.title, chunk.body, language, document.source, chunk.key, chunk.headingPath,
          vector ?? null, vector && embedder ? embedder.model : null],
      );
      if (existing) report.updated++;
      else report.created++;
    }
    const gone = [...stored.values()].map((s) => s.id);
    if (gone.length > 0) {
      await client.query('DELETE FROM kb_articles WHERE id = ANY($1::uuid[])', [gone]);
      report.removed = gone.length;
    }
    return report;
  });
}
