-- Up Migration
-- A/B tests of scenarios (src/experiments/): an experiment varies one scenario setting (system prompt, answer
-- template, confidence threshold, greeting, assistant on/off on a channel) between variants with traffic shares.
-- At most one running experiment per setting, whatever its channel scope (the partial unique index): a customer's
-- turn never has two experiments disagreeing about one setting.
CREATE TABLE experiments (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  setting      text NOT NULL,
  -- null: every channel
  channel      text,
  -- [{name, share, value}], shares summing to 1 (checked by the API's schema)
  variants     jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped')),
  started_at   timestamptz NOT NULL DEFAULT now(),
  stopped_at   timestamptz,
  -- the variant rolled out to everyone when it was stopped (null: stopped without a winner)
  winner       text,
  created_by   text
);
CREATE UNIQUE INDEX experiments_one_running_idx ON experiments (setting) WHERE status = 'running';

-- Which variant each customer got (deterministic: a hash of experiment id + customer id), recorded at intake
-- for analytics. One row per experiment and customer: the assignment never changes.
CREATE TABLE experiment_assignments (
  experiment_id  uuid NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  customer_id    uuid NOT NULL,
  variant        text NOT NULL,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (experiment_id, customer_id)
);

-- A rolled-out winner: the setting's value for everyone (per channel scope) after its experiment ends.
CREATE TABLE scenario_settings (
  setting        text NOT NULL,
  channel        text NOT NULL DEFAULT '',
  value          jsonb NOT NULL,
  experiment_id  uuid REFERENCES experiments (id) ON DELETE SET NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (setting, channel)
);

-- Down Migration
DROP TABLE IF EXISTS scenario_settings;
DROP TABLE IF EXISTS experiment_assignments;
DROP TABLE IF EXISTS experiments;
