-- Up Migration
-- Linking channel identities to one customer, only on evidence, recorded and reversible.

-- A one-time code proving that whoever holds the current session also controls another channel identity.
-- direction 'sent_to_identity': the code went to the identity (e-mail), the customer types it in the session;
-- direction 'shown_in_session': the session shows the code, the customer sends it from the other channel.
CREATE TABLE identity_link_codes (
  id            uuid PRIMARY KEY,
  customer_id   uuid NOT NULL REFERENCES customers (id),
  channel       text NOT NULL,
  external_id   text,
  direction     text NOT NULL CHECK (direction IN ('sent_to_identity', 'shown_in_session')),
  code_hash     text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  expires_at    timestamptz NOT NULL,
  consumed_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identity_link_codes_customer_idx ON identity_link_codes (customer_id, created_at DESC);
CREATE INDEX identity_link_codes_open_idx ON identity_link_codes (channel, code_hash) WHERE consumed_at IS NULL;

-- The audit of every link: who, when, on what evidence, and what it replaced (so it can be undone).
CREATE TABLE identity_links (
  id                    uuid PRIMARY KEY,
  channel               text NOT NULL,
  external_id           text NOT NULL,
  customer_id           uuid NOT NULL REFERENCES customers (id),
  previous_customer_id  uuid REFERENCES customers (id),
  evidence              text NOT NULL CHECK (evidence IN ('verified_code_sent_to_identity', 'code_sent_from_identity', 'crm')),
  linked_by             text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  undone_at             timestamptz,
  undone_by             text
);
CREATE INDEX identity_links_customer_idx ON identity_links (customer_id, created_at);

-- Down Migration
DROP TABLE identity_links;
DROP TABLE identity_link_codes;
