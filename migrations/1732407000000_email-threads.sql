-- Up Migration
-- What the e-mail channel needs to answer in the customer's thread: per inbound e-mail its sender, subject and
-- the ids it referenced. Keyed by the external message id that messages.external_message_id also holds, and the
-- sender (a Message-ID is chosen by the sender, so another sender's mail must never be mistaken for it).
CREATE TABLE email_inbound_messages (
  external_message_id  text NOT NULL,
  -- the Message-ID header; NULL when the mail had none (the external id is then a content hash)
  message_id_header    text,
  from_address         text NOT NULL,
  subject              text,
  -- References + In-Reply-To of the mail, oldest first
  reference_ids        text[] NOT NULL DEFAULT '{}',
  received_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (external_message_id, from_address)
);

-- Down Migration
DROP TABLE email_inbound_messages;
