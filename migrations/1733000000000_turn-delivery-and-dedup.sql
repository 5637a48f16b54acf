-- Up Migration
-- Delivery claims a message row before sending, so two attempts of one delivery never send at the same time.
ALTER TABLE messages ADD COLUMN delivery_claimed_until timestamptz;
ALTER TABLE messages ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0;
-- A re-delivered webhook is recognised after its issue closed (the workflow's own memory ends with the run).
CREATE INDEX messages_inbound_dedup_idx ON messages (customer_id, channel, external_message_id)
  WHERE external_message_id IS NOT NULL;
-- Which workflow run belongs to which issue: lets the gateway name the issue a message went to without asking
-- Temporal again.
CREATE TABLE issue_runs (
  run_id      text PRIMARY KEY,
  issue_id    uuid NOT NULL REFERENCES issues (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_runs_issue_idx ON issue_runs (issue_id);
-- What operators see of an issue when no worker answers (the workflow state without its messages).
ALTER TABLE issues ADD COLUMN summary jsonb;

-- Down Migration
ALTER TABLE issues DROP COLUMN summary;
DROP TABLE issue_runs;
DROP INDEX messages_inbound_dedup_idx;
ALTER TABLE messages DROP COLUMN delivery_attempts;
ALTER TABLE messages DROP COLUMN delivery_claimed_until;
