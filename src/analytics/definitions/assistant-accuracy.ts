import type { Db } from '../../db/pool';
import { analyticsQuery } from './analytics-db';
import { SLICE_COLUMN, sliceWhere } from './issue-facts-sql';
import type { SliceFilter } from './query-params';

/** The assistant's accuracy as reviewers judged it (src/review/): all verdicts, and over the random sample alone. */
export interface AssistantAccuracy {
  reviewed: number;
  correct: number;
  /** correct / reviewed; null when nothing was reviewed */
  share: number | null;
  harmful: number;
  /** only the answers the random sample took (REVIEW_SAMPLE_SHARE): the unbiased estimate */
  sampled: { reviewed: number; correct: number; share: number | null };
}

/**
 * Verdicts on the assistant answers of the issues created in [from, to) (matching the slice filter, as every
 * per-issue figure). Complaints (low CSAT, reopen, "that didn't help") send wrong answers to review more often
 * than right ones, so `share` over every verdict leans low; `sampled.share` counts the random sample only.
 */
export async function assistantAccuracyOf(db: Db, range: { from: Date; to: Date }, filter: SliceFilter): Promise<AssistantAccuracy> {
  const params: unknown[] = [range.from, range.to];
  const where = sliceWhere(filter, params, SLICE_COLUMN);
  const [row] = await analyticsQuery(db, `
    SELECT count(*)::int AS reviewed,
           count(*) FILTER (WHERE r.verdict = 'correct')::int AS correct,
           count(*) FILTER (WHERE r.verdict = 'harmful')::int AS harmful,
           count(*) FILTER (WHERE 'sample' = ANY (r.reasons))::int AS sampled,
           count(*) FILTER (WHERE 'sample' = ANY (r.reasons) AND r.verdict = 'correct')::int AS sampled_correct
      FROM answer_reviews r
      JOIN issues i ON i.id = r.issue_id
      LEFT JOIN LATERAL (
        SELECT ht.team_id, ht.operator_id, ht.language FROM human_tasks ht WHERE ht.issue_id = i.id ORDER BY ht.created_at DESC LIMIT 1
      ) t ON true
     WHERE r.status = 'done' AND i.created_at >= $1 AND i.created_at < $2${where}`, params);
  const share = (correct: number, reviewed: number) => (reviewed > 0 ? correct / reviewed : null);
  const r = row ?? {};
  return {
    reviewed: r.reviewed ?? 0, correct: r.correct ?? 0, share: share(r.correct ?? 0, r.reviewed ?? 0), harmful: r.harmful ?? 0,
    sampled: { reviewed: r.sampled ?? 0, correct: r.sampled_correct ?? 0, share: share(r.sampled_correct ?? 0, r.sampled ?? 0) },
  };
}
