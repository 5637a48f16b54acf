import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { applyProjection } from '../src/db/issue-projection';
import { queueAnswersForReview } from '../src/review/review-queue';
import { isDeterministicDbError } from '../src/db/pg-errors';
import type { Db } from '../src/db/pool';
import type { ProjectionChange, SupportActivities } from './types';

/**
 * Writes the workflow's state changes to PostgreSQL for the console, analytics and search. Idempotent. An
 * outage is retried by the workflow's policy until the database is back; a change PostgreSQL refuses for good
 * fails non-retryably, so one bad value can never stall an issue.
 */
export function projectionActivities(
  db: Db, webhookEndpoints: string[] = [], reviewSampleShare = 0,
): Pick<SupportActivities, 'projectIssue'> {
  return {
    async projectIssue(change: ProjectionChange): Promise<void> {
      try {
        // (marks the issue for the analytics facts refresher in the same statement)
        await applyProjection(db, activityWorkflowId(), change, webhookEndpoints);
      } catch (error) {
        if (isDeterministicDbError(error)) {
          throw ApplicationFailure.nonRetryable(`PostgreSQL refused the change: ${(error as Error).message}`, 'ProjectionRefused');
        }
        throw error;
      }
      await queueForReview(db, change, reviewSampleShare);
    },
  };
}

/**
 * The review queue is filled from the written change (src/review/review-queue.ts): an outage is retried with the
 * projection (which writes again harmlessly); a refusal for good only costs the queue an entry, never the issue.
 */
async function queueForReview(db: Db, change: ProjectionChange, sampleShare: number): Promise<void> {
  try {
    await queueAnswersForReview(db, change, sampleShare);
  } catch (error) {
    if (!isDeterministicDbError(error)) throw error;
    log.warn('review queue refused the change', { error: (error as Error).message });
  }
}

function activityWorkflowId(): string {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('projectIssue must run inside a workflow activity');
  return execution.workflowId;
}
