import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';

/**
 * Internal notes and tags on an issue: for operators only. They live in PostgreSQL tables that nothing on the
 * customer's side reads — not the issue workflow, not the assistant's context, not any channel — so a note can
 * never reach the customer or the LLM.
 */
export interface IssueNote {
  id: string;
  text: string;
  author: { id: string | null; name: string };
  createdAt: string;
}

export async function listNotes(db: Db, issueId: string): Promise<IssueNote[]> {
  const { rows } = await db.query<{ id: string; text: string; operator_id: string | null; author_name: string; created_at: Date }>(
    'SELECT id, text, operator_id, author_name, created_at FROM issue_notes WHERE issue_id = $1 ORDER BY created_at, id', [issueId],
  );
  return rows.map((r) => ({ id: r.id, text: r.text, author: { id: r.operator_id, name: r.author_name }, createdAt: r.created_at.toISOString() }));
}

export async function addNote(db: Db, issueId: string, author: { id: string; name: string }, text: string): Promise<IssueNote> {
  const { rows } = await db.query<{ id: string; created_at: Date }>(
    'INSERT INTO issue_notes (id, issue_id, operator_id, author_name, text) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at',
    [randomUUID(), issueId, author.id, author.name, text],
  );
  return { id: rows[0]!.id, text, author, createdAt: rows[0]!.created_at.toISOString() };
}

export async function listTags(db: Db, issueId: string): Promise<string[]> {
  const { rows } = await db.query<{ tag: string }>('SELECT tag FROM issue_tags WHERE issue_id = $1 ORDER BY tag', [issueId]);
  return rows.map((r) => r.tag);
}

/** Replaces the issue's tags (the console sends the whole list). */
export async function setTags(db: Db, issueId: string, tags: string[]): Promise<string[]> {
  await db.query(
    `WITH gone AS (DELETE FROM issue_tags WHERE issue_id = $1 AND NOT (tag = ANY($2::text[])))
     INSERT INTO issue_tags (issue_id, tag) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [issueId, [...new Set(tags)]],
  );
  return listTags(db, issueId);
}
