-- Up Migration
-- The offline intent model, trained once per version of the labelled examples and shared by every worker: one
-- worker claims the row (a lease it renews while a worker thread trains; a crashed trainer's claim runs out and
-- another worker takes over), stores the model, and the others load it instead of training their own.
CREATE TABLE intent_models (
  examples_version  text NOT NULL,        -- count and newest created_at of intent_examples (intentExamplesVersion)
  format            text NOT NULL,        -- serialisation format: code reading another format trains its own row
  status            text NOT NULL CHECK (status IN ('training', 'ready', 'failed')),
  claimed_by        text,                 -- the worker training it
  lease_until       timestamptz,          -- until then no other worker trains this version (nor retries a failed one)
  model             text,                 -- the classifier's JSON; text, so it is parsed off the event loop, not by pg
  answer_threshold  double precision,     -- the offline responder answers at or above this confidence ('Infinity': never)
  examples          integer NOT NULL,
  intents           integer,
  training_seconds  double precision,
  error             text,                 -- why training failed
  created_at        timestamptz NOT NULL DEFAULT now(),
  trained_at        timestamptz,
  PRIMARY KEY (examples_version, format)
);
CREATE INDEX intent_models_ready_idx ON intent_models (format, trained_at DESC) WHERE status = 'ready';

-- Down Migration
DROP TABLE intent_models;
