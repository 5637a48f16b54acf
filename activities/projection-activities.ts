import { Context } from '@temporalio/activity';
import { applyProjection } from '../src/db/issue-projection';
import type { Db } from '../src/db/pool';
import type { ProjectionChange, SupportActivities } from './types';

/** Writes the workflow's state changes to PostgreSQL for the console, analytics and search. Idempotent. */
export function projectionActivities(db: Db, webhookEndpoints: string[] = []): Pick<SupportActivities, 'projectIssue'> {
  return {
    async projectIssue(change: ProjectionChange): Promise<void> {
      await applyProjection(db, activityWorkflowId(), change, webhookEndpoints);
    },
  };
}

function activityWorkflowId(): string {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('projectIssue must run inside a workflow activity');
  return execution.workflowId;
}
