-- Up Migration
-- Offers of human tasks to operators, written by the team dispatchers (workflows/routing). One row per offer,
-- keyed by the dispatcher's deterministic offer id so a retried write records it once. Open offers count toward
-- the operator's capacity across all their teams; the console learns of them through NOTIFY console_events.
CREATE TABLE task_offers (
  offer_id     text PRIMARY KEY,            -- <teamId>:<dispatcher's first run id>:<seq>
  task_id      text NOT NULL,
  issue_id     text NOT NULL,
  team_id      text NOT NULL,
  operator_id  text NOT NULL,
  offered_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  state        text NOT NULL DEFAULT 'open'
               CHECK (state IN ('open', 'accepted', 'taken_by_other', 'expired', 'declined', 'withdrawn')),
  closed_at    timestamptz
);
CREATE INDEX task_offers_open_by_operator_idx ON task_offers (operator_id, expires_at) WHERE state = 'open';
CREATE INDEX task_offers_open_by_task_idx ON task_offers (task_id) WHERE state = 'open';

-- Down Migration
DROP TABLE task_offers;
