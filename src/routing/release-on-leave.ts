/**
 * A person who goes away, offline, signs out of their last session or is disabled gives back the tasks they hold:
 * each goes back to its queue at once (the issue workflow's release update, on their behalf), so the
 * dispatcher offers it to someone else instead of it waiting for them.
 */
import type { Db } from '../db/pool';
import type { Logger } from '../observability/logger';
import type { IssueService } from '../temporal/issue-service';

export async function releaseHeldTasks(db: Db, issues: IssueService, logger: Logger, operatorId: string): Promise<number> {
  const { rows } = await db.query<{ task_id: string; issue_id: string; workflow_id: string }>(
    `SELECT t.id AS task_id, t.issue_id, i.workflow_id FROM human_tasks t JOIN issues i ON i.id = t.issue_id
      WHERE t.operator_id = $1 AND t.status = 'claimed'`, [operatorId],
  );
  let released = 0;
  for (const row of rows) {
    try {
      await issues.releaseTask(row.workflow_id, row.issue_id, { taskId: row.task_id, operatorId, onBehalf: true });
      released += 1;
    } catch (error) {
      // resolved or handed over meanwhile, or no worker: the person's status is stored either way
      logger.warn({ err: error, taskId: row.task_id }, 'could not release a task of an operator who left');
    }
  }
  return released;
}
