import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { inTransaction, type Db } from '../db/pool';
import { reviewById, type AnswerReview, type Verdict } from './answer-reviews';
import { ReviewRefused } from './review-refused';
import type { Suggestion } from './suggestions';
import { suggestionById } from './suggestions';

export interface VerdictInput {
  verdict: Verdict;
  correctAnswer?: string;
  note?: string;
  /** the intent the question belongs to: with a right answer, the suggestion is then a labelled example */
  intent?: string;
}

type SuggestionPlan =
  | { kind: 'kb_edit'; articleId: string; articleBody: string; proposedBody: string }
  | { kind: 'intent_example'; text: string; label: string };

/**
 * What a right answer turns into: a labelled example (question → intent) when the reviewer names the intent;
 * else an edit of the article the answer came from (its body becomes the right answer); else, for a correct
 * answer, an example labelled with the intent the assistant classified. An incorrect answer with neither an
 * article nor an intent named cannot teach anything: refused, so the reviewer names the intent.
 */
export function planSuggestion(review: AnswerReview, input: VerdictInput): SuggestionPlan | undefined {
  const correctAnswer = input.correctAnswer;
  if (!correctAnswer) return undefined;
  const label = input.intent ?? (review.article || input.verdict !== 'correct' ? undefined : review.intent ?? undefined);
  if (label) {
    if (!review.question) throw new ReviewRefused(422, 'question_unknown', 'the customer\'s question of this answer is not recorded: no labelled example can be made');
    return { kind: 'intent_example', text: review.question, label };
  }
  if (review.article) {
    return { kind: 'kb_edit', articleId: review.article.id, articleBody: review.article.body, proposedBody: correctAnswer };
  }
  throw new ReviewRefused(422, 'intent_required',
    'the answer came from no knowledge-base article: name the intent the question belongs to (intent) to make a labelled example');
}

const sameVerdict = (review: AnswerReview, input: VerdictInput) => review.verdict === input.verdict
  && (review.correctAnswer ?? undefined) === input.correctAnswer && (review.note ?? undefined) === input.note
  && (review.reviewerIntent ?? undefined) === input.intent;

/**
 * Records a reviewer's verdict once: the review is done, an issue event `reviewed` is written, and a right answer
 * becomes a suggestion. The same verdict again answers the same result; a different one is refused (409).
 */
export async function recordVerdict(
  db: Db, reviewId: string, reviewerId: string, input: VerdictInput,
): Promise<{ review: AnswerReview; suggestion: Suggestion | null }> {
  return inTransaction(db, async (client) => {
    const review = await reviewById(client, reviewId, true);
    if (!review) throw new ReviewRefused(404, 'unknown_review', 'no such review');
    if (review.status === 'done') {
      if (!sameVerdict(review, input)) {
        throw new ReviewRefused(409, 'already_reviewed', `this answer was reviewed already (${review.verdict}) by another verdict`);
      }
      return { review, suggestion: review.suggestion ? (await suggestionById(client, review.suggestion.id))! : null };
    }
    const plan = planSuggestion(review, input);
    await client.query(
      `UPDATE answer_reviews SET status = 'done', verdict = $2, correct_answer = $3, note = $4, intent = $5, reviewer_id = $6,
         reviewed_at = now() WHERE id = $1`,
      [reviewId, input.verdict, input.correctAnswer ?? null, input.note ?? null, input.intent ?? null, reviewerId],
    );
    // the event stream records the review like every other issue event (an id of its own: written once)
    await client.query(
      `INSERT INTO issue_events (id, issue_id, type, data, created_at) VALUES ($1, $2, 'reviewed', $3, now())
       ON CONFLICT (id) DO NOTHING`,
      [`${review.issueId}:review:${reviewId}`, review.issueId,
        JSON.stringify({ reviewId, messageId: review.messageId, verdict: input.verdict, reasons: review.reasons })],
    );
    const suggestionId = plan ? await insertSuggestion(client, reviewId, input.correctAnswer!, plan) : undefined;
    return {
      review: (await reviewById(client, reviewId))!,
      suggestion: suggestionId ? (await suggestionById(client, suggestionId))! : null,
    };
  });
}

async function insertSuggestion(client: PoolClient, reviewId: string, correctAnswer: string, plan: SuggestionPlan): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO review_suggestions (id, review_id, kind, article_id, article_body, proposed_body, example_text, example_label, correct_answer)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, reviewId, plan.kind,
      plan.kind === 'kb_edit' ? plan.articleId : null, plan.kind === 'kb_edit' ? plan.articleBody : null,
      plan.kind === 'kb_edit' ? plan.proposedBody : null,
      plan.kind === 'intent_example' ? plan.text : null, plan.kind === 'intent_example' ? plan.label : null, correctAnswer],
  );
  return id;
}
