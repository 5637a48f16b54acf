-- Up Migration
-- Files customers and operators exchange. The bytes are in attachment storage (a folder or an S3 bucket) under
-- storage_key; this row is what the issue view, the channels and the signed links need. Inbound files are keyed by
-- the channel's message id (stored at intake, before the workflow sees the message), outbound ones by the
-- workflow's message id once the reply is queued.
CREATE TABLE attachments (
  id                   uuid PRIMARY KEY,
  customer_id          uuid REFERENCES customers (id),
  issue_id             uuid,
  direction            text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  channel              text,
  external_message_id  text,
  message_id           text,
  ordinal              integer NOT NULL DEFAULT 0,
  file_name            text NOT NULL,
  content_type         text NOT NULL,
  size_bytes           integer NOT NULL CHECK (size_bytes > 0),
  sha256               text NOT NULL,
  storage_key          text NOT NULL UNIQUE,
  uploaded_by          uuid,
  created_at           timestamptz NOT NULL DEFAULT now()
);
-- a re-delivered inbound message finds its files instead of storing them twice
CREATE UNIQUE INDEX attachments_inbound_idx ON attachments (customer_id, channel, external_message_id, ordinal)
  WHERE direction = 'inbound';
CREATE INDEX attachments_issue_idx ON attachments (issue_id);
CREATE INDEX attachments_message_idx ON attachments (message_id) WHERE message_id IS NOT NULL;

-- Down Migration
DROP TABLE attachments;
