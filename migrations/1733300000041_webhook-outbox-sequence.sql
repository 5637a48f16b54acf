-- Up Migration
-- Webhook outbox: a numeric sequence to send events in the order they were written (text ids put `:10` before
-- `:9`), and a claim token so a dispatcher records the outcome only of a delivery it still holds.
ALTER TABLE webhook_outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE webhook_outbox ADD COLUMN claim_token uuid;
DROP INDEX webhook_outbox_due_idx;
CREATE INDEX webhook_outbox_pending_idx ON webhook_outbox (seq) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- delivered rows are deleted after WEBHOOK_RETENTION_DAYS
CREATE INDEX webhook_outbox_delivered_idx ON webhook_outbox (delivered_at) WHERE delivered_at IS NOT NULL;

-- Down Migration
DROP INDEX webhook_outbox_delivered_idx;
DROP INDEX webhook_outbox_pending_idx;
CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
ALTER TABLE webhook_outbox DROP COLUMN claim_token;
ALTER TABLE webhook_outbox DROP COLUMN seq;
