-- SLA clocks on the business-hours calendar: the task list shows the next-response due time, when the next
-- warning comes, whether the clock is paused (waiting on the customer) and which policy the task recorded.
ALTER TABLE human_tasks ADD COLUMN next_response_due_at timestamptz;
ALTER TABLE human_tasks ADD COLUMN sla_warning_at timestamptz;
ALTER TABLE human_tasks ADD COLUMN sla_paused_since timestamptz;
ALTER TABLE human_tasks ADD COLUMN sla_policy_id text;
