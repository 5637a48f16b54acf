-- Up Migration
-- Analytics (src/analytics/): the dashboard picks the issues of a range by their creation time, reads their
-- events by issue (issue_events_issue_idx exists), their latest human task, the tasks that closed or breached
-- in a range and the tasks open at an instant (backlog). issue_events (type, created_at) exists already.
CREATE INDEX IF NOT EXISTS issues_created_idx ON issues (created_at);
CREATE INDEX IF NOT EXISTS human_tasks_issue_idx ON human_tasks (issue_id, created_at);
CREATE INDEX IF NOT EXISTS human_tasks_created_idx ON human_tasks (created_at);
CREATE INDEX IF NOT EXISTS human_tasks_closed_idx ON human_tasks (closed_at) WHERE closed_at IS NOT NULL;
-- SLA compliance finds a task's breaches by the task id the event carries
CREATE INDEX IF NOT EXISTS issue_events_breach_task_idx ON issue_events ((data->>'taskId'), created_at) WHERE type = 'sla_breached';

-- Down Migration
DROP INDEX IF EXISTS issue_events_breach_task_idx;
DROP INDEX IF EXISTS human_tasks_closed_idx;
DROP INDEX IF EXISTS human_tasks_created_idx;
DROP INDEX IF EXISTS human_tasks_issue_idx;
DROP INDEX IF EXISTS issues_created_idx;
