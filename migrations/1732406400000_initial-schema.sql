-- Up Migration
-- Projections of issue workflows (the workflow is the source of truth), reference data and the audit log.

CREATE TABLE customers (
  id            uuid PRIMARY KEY,
  display_name  text,
  email         text,
  phone         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per channel identity (widget visitor, Telegram user, e-mail address, API external id ...).
CREATE TABLE customer_identities (
  channel       text NOT NULL,
  external_id   text NOT NULL,
  customer_id   uuid NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX customer_identities_customer_idx ON customer_identities (customer_id);

CREATE TABLE operators (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'operator')),
  -- sha256 of a random 32-byte token: the token itself is never stored
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE channel_keys (
  channel     text PRIMARY KEY,
  key_hash    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE issues (
  id                    uuid PRIMARY KEY,
  customer_id           uuid NOT NULL REFERENCES customers (id),
  workflow_id           text NOT NULL,
  status                text NOT NULL,
  channel               text NOT NULL,
  priority              text NOT NULL DEFAULT 'normal',
  category              text,
  assigned_operator_id  uuid,
  sla_due_at            timestamptz,
  first_response_at     timestamptz,
  resolved_at           timestamptz,
  resolved_by           text,
  csat_score            smallint,
  csat_comment          text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- the workflow's state version: a projection only moves forward
  version               integer NOT NULL DEFAULT 0
);
CREATE INDEX issues_customer_idx ON issues (customer_id, created_at DESC);
CREATE INDEX issues_status_idx ON issues (status);

CREATE TABLE messages (
  id                   text PRIMARY KEY,
  issue_id             uuid NOT NULL REFERENCES issues (id),
  customer_id          uuid NOT NULL REFERENCES customers (id),
  direction            text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  author               text NOT NULL CHECK (author IN ('customer', 'assistant', 'operator', 'system')),
  operator_id          uuid,
  channel              text NOT NULL,
  body                 text NOT NULL,
  external_message_id  text,
  created_at           timestamptz NOT NULL,
  delivered_at         timestamptz,
  delivery_error       text
);
CREATE INDEX messages_issue_idx ON messages (issue_id, created_at);
CREATE INDEX messages_customer_idx ON messages (customer_id, created_at);

CREATE TABLE human_tasks (
  id                      text PRIMARY KEY,
  issue_id                uuid NOT NULL REFERENCES issues (id),
  status                  text NOT NULL CHECK (status IN ('queued', 'claimed', 'done')),
  priority                text NOT NULL,
  reason                  text NOT NULL,
  summary                 text NOT NULL,
  operator_id             uuid,
  created_at              timestamptz NOT NULL,
  claimed_at              timestamptz,
  first_response_due_at   timestamptz NOT NULL,
  resolution_due_at       timestamptz NOT NULL,
  first_responded_at      timestamptz,
  closed_at               timestamptz,
  breached                text[] NOT NULL DEFAULT '{}',
  version                 integer NOT NULL DEFAULT 0
);
CREATE INDEX human_tasks_open_idx ON human_tasks (status) WHERE status <> 'done';

CREATE TABLE issue_events (
  id          text PRIMARY KEY,
  issue_id    uuid NOT NULL REFERENCES issues (id),
  type        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL
);
CREATE INDEX issue_events_issue_idx ON issue_events (issue_id, created_at);
CREATE INDEX issue_events_type_idx ON issue_events (type, created_at);

CREATE TABLE kb_articles (
  id          uuid PRIMARY KEY,
  title       text NOT NULL,
  body        text NOT NULL,
  language    text NOT NULL CHECK (language IN ('en', 'ru')),
  source      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- the text-search configuration follows the article's language; the title weighs more than the body
  search_vector tsvector GENERATED ALWAYS AS (
    CASE language
      WHEN 'ru' THEN setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('russian', body), 'B')
      ELSE setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    END
  ) STORED
);
CREATE INDEX kb_articles_search_idx ON kb_articles USING gin (search_vector);

-- Down Migration
DROP TABLE kb_articles;
DROP TABLE issue_events;
DROP TABLE human_tasks;
DROP TABLE messages;
DROP TABLE issues;
DROP TABLE channel_keys;
DROP TABLE operators;
DROP TABLE customer_identities;
DROP TABLE customers;
