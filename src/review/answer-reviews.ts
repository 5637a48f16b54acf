import type { PoolClient } from 'pg';
import type { Db } from '../db/pool';
import type { ReviewReason } from './review-queue';

export const VERDICTS = ['correct', 'incorrect', 'harmful'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One queued answer as reviewers see it: what the customer asked, what the assistant said, and from what. */
export interface AnswerReview {
  id: string;
  issueId: string;
  messageId: string;
  reasons: ReviewReason[];
  status: 'pending' | 'done';
  answeredAt: string;
  queuedAt: string;
  /** the customer's messages the answer replied to (since the previous reply), oldest first */
  question: string | null;
  answer: string;
  /** the knowledge-base article the answer cited first, when known (see README, "Quality review") */
  article: { id: string; title: string; body: string } | null;
  /** the intent the assistant classified the question as */
  intent: string | null;
  verdict: Verdict | null;
  correctAnswer: string | null;
  note: string | null;
  /** the intent the reviewer named */
  reviewerIntent: string | null;
  reviewerId: string | null;
  reviewedAt: string | null;
  suggestion: { id: string; kind: 'kb_edit' | 'intent_example'; status: 'pending' | 'accepted' | 'rejected' } | null;
}

/**
 * The facts of a queued answer, resolved on read from what the projection recorded: the question is the customer
 * messages after the previous reply (assistant or operator); the article is the first one the `message_sent`
 * event names (answers the turn's activity sent) or, else, the one the issue's turn audit cited for the last of
 * those messages (table issue_turn_audits; before the patch 'audit-beside-summary', in `issues.summary`, the latest
 * 20 turns); the intent is the latest classification before.
 */
const REVIEW_SELECT = `
  SELECT r.id, r.issue_id, r.message_id, r.reasons, r.status, r.answered_at, r.queued_at, r.verdict, r.correct_answer,
         r.note, r.intent AS reviewer_intent, r.reviewer_id, r.reviewed_at,
         a.body AS answer, q.question, k.id AS article_id, k.title AS article_title, k.body AS article_body,
         cls.intent, s.id AS suggestion_id, s.kind AS suggestion_kind, s.status AS suggestion_status
    FROM answer_reviews r
    JOIN messages a ON a.id = r.message_id
    JOIN issues i ON i.id = r.issue_id
    LEFT JOIN LATERAL (
      SELECT string_agg(c.body, E'\\n' ORDER BY c.created_at, c.id) AS question,
             (array_agg(c.id ORDER BY c.created_at DESC, c.id DESC))[1] AS last_id
        FROM messages c
       WHERE c.issue_id = r.issue_id AND c.author = 'customer' AND c.created_at <= a.created_at
         AND c.created_at > COALESCE((
           SELECT max(p.created_at) FROM messages p
            WHERE p.issue_id = r.issue_id AND p.direction = 'outbound' AND p.author IN ('assistant', 'operator')
              AND p.created_at < a.created_at), '-infinity')
    ) q ON true
    LEFT JOIN LATERAL (
      SELECT e.data->'articleIds'->>0 AS article_id FROM issue_events e
       WHERE e.issue_id = r.issue_id AND e.type = 'message_sent' AND e.data->>'messageId' = r.message_id LIMIT 1
    ) sent ON true
    LEFT JOIN LATERAL (
      SELECT t->'cited'->0->>'articleId' AS article_id
        FROM (SELECT x.entry AS t FROM issue_turn_audits x WHERE x.issue_id = r.issue_id AND x.message_id = q.last_id
              UNION ALL
              SELECT s FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.summary->'audit') = 'array' THEN i.summary->'audit' ELSE '[]'::jsonb END) AS s) turns
       WHERE t->>'messageId' = q.last_id AND t->>'decision' IN ('answer', 'clarify')
       ORDER BY t->>'at' DESC LIMIT 1
    ) turn ON true
    LEFT JOIN kb_articles k ON k.id::text = COALESCE(sent.article_id, turn.article_id)
    LEFT JOIN LATERAL (
      SELECT e.data->>'intent' AS intent FROM issue_events e
       WHERE e.issue_id = r.issue_id AND e.type = 'classified' AND e.created_at <= a.created_at
       ORDER BY e.created_at DESC LIMIT 1
    ) cls ON true
    LEFT JOIN review_suggestions s ON s.review_id = r.id`;

type Row = Record<string, any>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

function toReview(r: Row): AnswerReview {
  return {
    id: r.id, issueId: r.issue_id, messageId: r.message_id, reasons: r.reasons, status: r.status,
    answeredAt: iso(r.answered_at)!, queuedAt: iso(r.queued_at)!, question: r.question ?? null, answer: r.answer,
    article: r.article_id ? { id: r.article_id, title: r.article_title, body: r.article_body } : null,
    intent: r.intent ?? null, verdict: r.verdict ?? null, correctAnswer: r.correct_answer ?? null, note: r.note ?? null,
    reviewerIntent: r.reviewer_intent ?? null, reviewerId: r.reviewer_id ?? null, reviewedAt: iso(r.reviewed_at),
    suggestion: r.suggestion_id ? { id: r.suggestion_id, kind: r.suggestion_kind, status: r.suggestion_status } : null,
  };
}

export interface ReviewListQuery {
  status?: 'pending' | 'done';
  reason?: ReviewReason;
  limit: number;
  offset: number;
}

/** The queue, oldest first (pending), or the latest reviewed first (done). */
export async function listReviews(db: Db, q: ReviewListQuery): Promise<{ total: number; reviews: AnswerReview[] }> {
  const where = `($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR $2 = ANY (r.reasons))`;
  const order = q.status === 'done' ? 'r.reviewed_at DESC, r.id' : 'r.queued_at, r.id';
  const [rows, count] = await Promise.all([
    db.query(`${REVIEW_SELECT} WHERE ${where} ORDER BY ${order} LIMIT $3 OFFSET $4`,
      [q.status ?? null, q.reason ?? null, q.limit, q.offset]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM answer_reviews r WHERE ${where}`, [q.status ?? null, q.reason ?? null]),
  ]);
  return { total: count.rows[0]!.n, reviews: rows.rows.map(toReview) };
}

/** One review; `lock`: in a transaction, holds the row until it ends (one verdict at a time). */
export async function reviewById(db: Db | PoolClient, id: string, lock = false): Promise<AnswerReview | undefined> {
  if (lock && (await db.query('SELECT 1 FROM answer_reviews WHERE id = $1 FOR UPDATE', [id])).rowCount === 0) return undefined;
  const { rows } = await db.query(`${REVIEW_SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ? toReview(rows[0]) : undefined;
}
