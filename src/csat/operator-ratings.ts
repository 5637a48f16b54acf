import type { Csat } from '../domain/issue';
import type { Db } from '../db/pool';
import type { IssueRow } from '../db/issue-queries';

/** A finished issue's rating as the issue payload shows it (the live one comes from the workflow's state). */
export function csatOfRow(row: Pick<IssueRow, 'csat_score' | 'csat_comment' | 'csat_at' | 'csat_channel' | 'csat_operator_id'>): Csat | undefined {
  if (!row.csat_score) return undefined;
  return {
    score: Number(row.csat_score),
    at: row.csat_at?.toISOString() ?? '',
    ...(row.csat_comment ? { comment: row.csat_comment } : {}),
    ...(row.csat_channel ? { channel: row.csat_channel as Csat['channel'] } : {}),
    ...(row.csat_operator_id ? { operatorId: row.csat_operator_id } : {}),
  };
}

export interface OperatorRating {
  issueId: string;
  score: number;
  comment?: string;
  at: string;
  channel?: string;
  customerName?: string;
}

/** The ratings of an operator's own resolutions, newest first (the console's "My ratings"). */
export async function recentRatingsOf(db: Db, operatorId: string, limit: number): Promise<{ ratings: OperatorRating[]; average: number | null; count: number }> {
  const { rows } = await db.query<{ id: string; csat_score: number; csat_comment: string | null; csat_at: Date | null; csat_channel: string | null; display_name: string | null }>(
    `SELECT i.id, i.csat_score, i.csat_comment, i.csat_at, i.csat_channel, c.display_name
       FROM issues i JOIN customers c ON c.id = i.customer_id
      WHERE i.csat_operator_id = $1 AND i.csat_score IS NOT NULL
      ORDER BY i.csat_at DESC NULLS LAST LIMIT $2`,
    [operatorId, limit],
  );
  const ratings = rows.map((r) => ({
    issueId: r.id, score: Number(r.csat_score), at: r.csat_at?.toISOString() ?? '',
    ...(r.csat_comment ? { comment: r.csat_comment } : {}), ...(r.csat_channel ? { channel: r.csat_channel } : {}),
    ...(r.display_name ? { customerName: r.display_name } : {}),
  }));
  const sum = ratings.reduce((total, r) => total + r.score, 0);
  return { ratings, count: ratings.length, average: ratings.length ? Math.round((sum / ratings.length) * 100) / 100 : null };
}
