-- Up Migration
-- Outbound messages as the messaging channels (Telegram, WhatsApp) know them, and the delivery statuses they
-- report back. A long reply goes out in several parts; each sent part is recorded so a retried delivery
-- sends only the parts that did not go out yet.

CREATE TABLE channel_outbound_parts (
  channel              text NOT NULL,
  message_id           text NOT NULL,
  part                 integer NOT NULL,
  -- the channel's id of the sent part (WhatsApp wamid, "<chat id>:<message id>" on Telegram)
  provider_message_id  text NOT NULL,
  -- 'text', or 'template' when WhatsApp's 24-hour window was closed and a template went out instead
  kind                 text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'template')),
  issue_id             uuid,
  sent_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, message_id, part)
);
CREATE UNIQUE INDEX channel_outbound_parts_provider_idx ON channel_outbound_parts (channel, provider_message_id);

-- sent / delivered / read / failed, as the channel reported them (one row per message and status).
CREATE TABLE channel_delivery_statuses (
  channel              text NOT NULL,
  provider_message_id  text NOT NULL,
  status               text NOT NULL,
  recipient            text,
  errors               jsonb,
  occurred_at          timestamptz NOT NULL,
  received_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, provider_message_id, status)
);

-- Down Migration
DROP TABLE channel_delivery_statuses;
DROP TABLE channel_outbound_parts;
