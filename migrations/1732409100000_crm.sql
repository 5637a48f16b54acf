-- Up Migration
-- CRM reference data the assistant personalises answers with, pushed by the company's CRM (REST) or imported
-- from CSV. Rows are keyed by the CRM's own ids, so every push is an idempotent upsert; every read is by
-- customer_id, so one customer never sees another's data.

CREATE TABLE crm_profiles (
  customer_id   uuid PRIMARY KEY REFERENCES customers (id),
  -- the reference the CRM used (API-channel external id or e-mail address)
  external_ref  text NOT NULL,
  name          text,
  email         text,
  phone         text,
  plan          text,
  attributes    jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crm_orders (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers (id),
  external_id   text NOT NULL UNIQUE,
  status        text NOT NULL,
  total         numeric(14, 2),
  currency      text,
  items         jsonb NOT NULL DEFAULT '[]',
  placed_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crm_orders_customer_idx ON crm_orders (customer_id, placed_at DESC NULLS LAST);

CREATE TABLE crm_returns (
  id                 uuid PRIMARY KEY,
  customer_id        uuid NOT NULL REFERENCES customers (id),
  order_external_id  text,
  external_id        text NOT NULL UNIQUE,
  status             text NOT NULL,
  reason             text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crm_returns_customer_idx ON crm_returns (customer_id, created_at DESC);

-- Down Migration
DROP TABLE crm_returns;
DROP TABLE crm_orders;
DROP TABLE crm_profiles;
