import type { PoolClient } from 'pg';
import { addIntentExamples } from '../ai/intent-examples';
import { inTransaction, type Db } from '../db/pool';
import { ReviewRefused } from './review-refused';

export const SUGGESTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** What a reviewer's right answer suggests: an edit of a knowledge-base article, or a labelled intent example. */
export interface Suggestion {
  id: string;
  reviewId: string;
  issueId: string;
  kind: 'kb_edit' | 'intent_example';
  status: SuggestionStatus;
  correctAnswer: string;
  /** kb_edit: the article (null once deleted), its body when suggested and now, and the body proposed */
  article: { id: string; title: string; currentBody: string } | null;
  articleBody: string | null;
  proposedBody: string | null;
  /** intent_example: the customer's question and the intent it belongs to */
  example: { text: string; label: string } | null;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

const SUGGESTION_SELECT = `
  SELECT s.*, r.issue_id, k.title AS article_title, k.body AS article_current_body
    FROM review_suggestions s
    JOIN answer_reviews r ON r.id = s.review_id
    LEFT JOIN kb_articles k ON k.id = s.article_id`;

type Row = Record<string, any>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

function toSuggestion(r: Row): Suggestion {
  return {
    id: r.id, reviewId: r.review_id, issueId: r.issue_id, kind: r.kind, status: r.status, correctAnswer: r.correct_answer,
    article: r.article_id ? { id: r.article_id, title: r.article_title, currentBody: r.article_current_body } : null,
    articleBody: r.article_body ?? null, proposedBody: r.proposed_body ?? null,
    example: r.kind === 'intent_example' ? { text: r.example_text, label: r.example_label } : null,
    createdAt: iso(r.created_at)!, decidedBy: r.decided_by ?? null, decidedAt: iso(r.decided_at),
  };
}

export async function listSuggestions(
  db: Db, q: { status?: SuggestionStatus; limit: number; offset: number },
): Promise<{ total: number; suggestions: Suggestion[] }> {
  const where = '($1::text IS NULL OR s.status = $1)';
  const [rows, count] = await Promise.all([
    db.query(`${SUGGESTION_SELECT} WHERE ${where} ORDER BY s.created_at, s.id LIMIT $2 OFFSET $3`, [q.status ?? null, q.limit, q.offset]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_suggestions s WHERE ${where}`, [q.status ?? null]),
  ]);
  return { total: count.rows[0]!.n, suggestions: rows.rows.map(toSuggestion) };
}

export async function suggestionById(db: Db | PoolClient, id: string): Promise<Suggestion | undefined> {
  const { rows } = await db.query(`${SUGGESTION_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ? toSuggestion(rows[0]) : undefined;
}

async function lockedSuggestion(client: PoolClient, id: string): Promise<Suggestion> {
  await client.query('SELECT 1 FROM review_suggestions WHERE id = $1 FOR UPDATE', [id]);
  const suggestion = await suggestionById(client, id);
  if (!suggestion) throw new ReviewRefused(404, 'unknown_suggestion', 'no such suggestion');
  return suggestion;
}

/**
 * Applies a suggestion (an admin's one click): the article's body becomes the proposed one — refused (409) when
 * the article is gone or was edited since the suggestion, so nobody's edit is overwritten unseen — or the
 * labelled example joins the intent examples (the offline model retrains on the new version). Accepting again
 * answers the same; a rejected suggestion cannot be accepted.
 */
export async function acceptSuggestion(db: Db, id: string, adminId: string): Promise<Suggestion> {
  return inTransaction(db, async (client) => {
    const suggestion = await lockedSuggestion(client, id);
    if (suggestion.status === 'accepted') return suggestion;
    if (suggestion.status === 'rejected') throw new ReviewRefused(409, 'suggestion_rejected', 'this suggestion was rejected');
    if (suggestion.kind === 'kb_edit') {
      const article = await client.query<{ body: string }>('SELECT body FROM kb_articles WHERE id = $1 FOR UPDATE', [suggestion.article?.id ?? null]);
      if (!article.rows[0]) throw new ReviewRefused(409, 'article_gone', 'the article of this suggestion no longer exists');
      if (article.rows[0].body !== suggestion.articleBody) {
        throw new ReviewRefused(409, 'article_changed', 'the article was edited after this suggestion: review it again');
      }
      // the stored embedding described the old body: hybrid search falls back to full text for it
      await client.query(
        'UPDATE kb_articles SET body = $2, updated_at = now(), embedding = NULL, embedding_model = NULL WHERE id = $1',
        [suggestion.article!.id, suggestion.proposedBody],
      );
    } else {
      await addIntentExamples(client, [suggestion.example!], `review:${suggestion.reviewId}`);
    }
    return decide(client, id, 'accepted', adminId);
  });
}

/** Turns a suggestion down; rejecting again answers the same; an accepted one stays accepted (409). */
export async function rejectSuggestion(db: Db, id: string, adminId: string): Promise<Suggestion> {
  return inTransaction(db, async (client) => {
    const suggestion = await lockedSuggestion(client, id);
    if (suggestion.status === 'rejected') return suggestion;
    if (suggestion.status === 'accepted') throw new ReviewRefused(409, 'suggestion_accepted', 'this suggestion was accepted already');
    return decide(client, id, 'rejected', adminId);
  });
}

async function decide(client: PoolClient, id: string, status: 'accepted' | 'rejected', adminId: string): Promise<Suggestion> {
  await client.query('UPDATE review_suggestions SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1', [id, status, adminId]);
  return (await suggestionById(client, id))!;
}
