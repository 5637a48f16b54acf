import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';

/** A reply text operators insert; `{{customer.name}}`, `{{operator.name}}` are filled in by the console. */
export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  language?: string;
  updatedAt: string;
}

interface Row { id: string; title: string; text: string; language: string | null; updated_at: Date }
const cannedOf = (r: Row): CannedResponse => ({
  id: r.id, title: r.title, text: r.text, ...(r.language ? { language: r.language } : {}), updatedAt: r.updated_at.toISOString(),
});

export async function listCannedResponses(db: Db, language?: string): Promise<CannedResponse[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, title, text, language, updated_at FROM canned_responses
      WHERE $1::text IS NULL OR language IS NULL OR language = $1 ORDER BY title, id`, [language ?? null],
  );
  return rows.map(cannedOf);
}

export async function createCannedResponse(
  db: Db, input: { title: string; text: string; language?: string }, createdBy: string,
): Promise<CannedResponse> {
  const { rows } = await db.query<Row>(
    `INSERT INTO canned_responses (id, title, text, language, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, title, text, language, updated_at`,
    [randomUUID(), input.title, input.text, input.language ?? null, createdBy],
  );
  return cannedOf(rows[0]!);
}

export async function updateCannedResponse(
  db: Db, id: string, patch: { title?: string; text?: string; language?: string | null },
): Promise<CannedResponse | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE canned_responses SET title = coalesce($2, title), text = coalesce($3, text),
            language = CASE WHEN $5 THEN $4 ELSE language END, updated_at = now()
      WHERE id = $1 RETURNING id, title, text, language, updated_at`,
    [id, patch.title ?? null, patch.text ?? null, patch.language ?? null, patch.language !== undefined],
  );
  return rows[0] ? cannedOf(rows[0]) : undefined;
}

export async function deleteCannedResponse(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM canned_responses WHERE id = $1', [id]);
  return rowCount === 1;
}
