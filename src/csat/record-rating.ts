import type { Channel } from '../domain/channel';
import { findIssue } from '../db/issue-queries';
import type { GatewayDependencies } from '../gateway/dependencies';
import { HttpError } from '../gateway/http-errors';
import { IssueActionRefused } from '../temporal/issue-service';

export interface RatingOutcome {
  outcome: 'recorded' | 'already_rated';
  /** the rating that stands (already_rated) */
  score?: number;
  hasComment?: boolean;
}

/**
 * Records a customer's rating of an issue, from whichever channel rendered the question. `customerId`: the
 * customer the channel vouches for (a Telegram user, a widget visitor), who must own the issue; a signed e-mail
 * link vouches by its signature. A second rating returns the one that stands (a repeated click is harmless),
 * also after the issue's workflow finished (from PostgreSQL).
 */
export async function recordRating(deps: Pick<GatewayDependencies, 'db' | 'issues'>, rating: {
  issueId: string; score: number; comment?: string; channel: Channel; customerId?: string;
}): Promise<RatingOutcome> {
  const issue = await findIssue(deps.db, rating.issueId);
  if (!issue) throw new HttpError(404, 'unknown_issue', 'no such issue');
  if (rating.customerId && issue.customer_id !== rating.customerId) {
    throw new HttpError(403, 'not_your_issue', 'this issue belongs to another customer');
  }
  try {
    const result = await deps.issues.rate(issue.workflow_id, issue.id, rating);
    return result.outcome === 'recorded'
      ? { outcome: 'recorded' }
      : { outcome: 'already_rated', score: result.csat?.score, hasComment: Boolean(result.csat?.comment) };
  } catch (error) {
    if (!(error instanceof IssueActionRefused)) throw error;
    const { rows } = await deps.db.query<{ csat_score: number | null; csat_comment: string | null }>(
      'SELECT csat_score, csat_comment FROM issues WHERE id = $1', [issue.id],
    );
    const stored = rows[0];
    if (stored?.csat_score) return { outcome: 'already_rated', score: Number(stored.csat_score), hasComment: Boolean(stored.csat_comment) };
    throw new HttpError(409, 'not_waiting_for_rating', error.message);
  }
}
