-- Up Migration
-- Issue events for integrators' webhooks: written in the same transaction as the projection (an outbox), so an
-- event is never lost, and delivered apart from the workflow, so a failing endpoint never blocks an issue.
CREATE TABLE webhook_outbox (
  id               text PRIMARY KEY,          -- `${eventId}@${endpoint}`: the delivery id receivers dedupe on
  event_id         text NOT NULL REFERENCES issue_events (id),
  endpoint         text NOT NULL,
  payload          jsonb NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  failed_at        timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Down Migration
DROP TABLE webhook_outbox;
