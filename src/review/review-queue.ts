import type { ProjectionChange } from '../../activities/types';
import type { Db } from '../db/pool';
import { sampledForReview } from './review-sample';
import { isUnhelpfulReply } from './unhelpful-reply';

export const REVIEW_REASONS = ['sample', 'low_csat', 'reopened', 'unhelpful_reply'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** A rating at or below this puts the answer before it in the review queue. */
export const LOW_CSAT_MAX = 2;

/** Something after an answer that says it may have been wrong, at its time. */
interface Complaint {
  at: string;
  reason: Exclude<ReviewReason, 'sample'>;
}

/** What of a projected change concerns the review queue: sampled answers and complaints. */
export function reviewCandidates(change: ProjectionChange, sampleShare: number): { sampled: string[]; complaints: Complaint[] } {
  const sampled = (change.messages ?? [])
    .filter((m) => m.author === 'assistant' && m.direction === 'outbound' && sampledForReview(m.id, sampleShare))
    .map((m) => m.id);
  const complaints: Complaint[] = [];
  for (const m of change.messages ?? []) {
    if (m.author === 'customer' && isUnhelpfulReply(m.text)) complaints.push({ at: m.at, reason: 'unhelpful_reply' });
  }
  for (const e of change.events ?? []) {
    const score = Number(e.data?.score);
    if (e.type === 'csat_received' && Number.isInteger(score) && score <= LOW_CSAT_MAX) complaints.push({ at: e.at, reason: 'low_csat' });
    if (e.type === 'reopened') complaints.push({ at: e.at, reason: 'reopened' });
  }
  return { sampled, complaints };
}

/**
 * Queues the answers a projected change concerns, once each (one row per answer; a new reason is added to it,
 * a repeated one changes nothing), after the change itself is written: the answers are in `messages` by then.
 * A complaint concerns the latest reply to the customer before it when the assistant wrote that reply (after
 * an operator's reply the complaint is about the operator; system notices such as nudges are skipped). No
 * statement at all when the change holds neither a sampled answer nor a complaint.
 */
export async function queueAnswersForReview(db: Db, change: ProjectionChange, sampleShare: number): Promise<void> {
  const { sampled, complaints } = reviewCandidates(change, sampleShare);
  if (sampled.length === 0 && complaints.length === 0) return;
  await db.query(
    `WITH complaint AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS c(at timestamptz, reason text)
     ), found AS (
       SELECT reply.id AS message_id, c.reason
         FROM complaint c
         CROSS JOIN LATERAL (
           SELECT m.id, m.author FROM messages m
            WHERE m.issue_id = $1 AND m.direction = 'outbound' AND m.author IN ('assistant', 'operator') AND m.created_at < c.at
            ORDER BY m.created_at DESC, m.id DESC LIMIT 1
         ) reply
        WHERE reply.author = 'assistant'
       UNION ALL
       SELECT m.id, 'sample' FROM messages m WHERE m.id = ANY($3::text[]) AND m.issue_id = $1 AND m.author = 'assistant'
     ), answer AS (
       SELECT message_id, array_agg(DISTINCT reason ORDER BY reason) AS reasons FROM found GROUP BY message_id
     )
     INSERT INTO answer_reviews (id, message_id, issue_id, reasons, answered_at)
     SELECT gen_random_uuid(), a.message_id, $1, a.reasons, m.created_at FROM answer a JOIN messages m ON m.id = a.message_id
     ON CONFLICT (message_id) DO UPDATE
       SET reasons = ARRAY(SELECT DISTINCT r FROM unnest(answer_reviews.reasons || EXCLUDED.reasons) AS r ORDER BY r)
     WHERE NOT (EXCLUDED.reasons <@ answer_reviews.reasons)`,
    [change.issue.issueId, JSON.stringify(complaints), sampled],
  );
}
