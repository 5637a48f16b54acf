-- The console's queue filters and routing: the team whose queue holds a task and the customer's language.
ALTER TABLE human_tasks ADD COLUMN team_id text;
ALTER TABLE human_tasks ADD COLUMN language text;
CREATE INDEX human_tasks_team_open_idx ON human_tasks (team_id) WHERE status <> 'done';
