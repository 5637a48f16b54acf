-- Up Migration
-- What a social channel (Facebook, Instagram, VK) told us about each inbound direct message or comment, so a
-- reply goes where the customer wrote: a direct message within the platform's messaging window, or an answer
-- to their comment (publicly, and privately where the platform allows it). Keyed by the channel's own id, so a
-- re-delivered webhook writes nothing new.
CREATE TABLE social_inbound (
  channel              text NOT NULL,
  external_message_id  text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('direct', 'comment')),
  -- who wrote, as the channel knows them (PSID, IGSID, Facebook user id of a commenter, VK user id)
  sender_id            text NOT NULL,
  -- comments: the comment to answer and its post (VK: the post id; Meta: informational)
  comment_id           text,
  post_id              text,
  -- SOCIAL_COMMENT_POLICY in force when the comment came: does the assistant answer it, and why (not)
  auto_answer          boolean NOT NULL DEFAULT true,
  policy_reason        text,
  -- the private reply that went to the commenter (one per comment, where the platform allows it)
  private_reply_id     text,
  sent_at              timestamptz NOT NULL,
  received_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, external_message_id)
);
CREATE INDEX social_inbound_sender_idx ON social_inbound (channel, sender_id, sent_at DESC);

-- Comment answers go out as a private reply and a public one; both are parts of the outbound message.
ALTER TABLE channel_outbound_parts DROP CONSTRAINT channel_outbound_parts_kind_check;
ALTER TABLE channel_outbound_parts ADD CONSTRAINT channel_outbound_parts_kind_check
  CHECK (kind IN ('text', 'template', 'private_reply', 'public_reply'));

-- Down Migration
ALTER TABLE channel_outbound_parts DROP CONSTRAINT channel_outbound_parts_kind_check;
ALTER TABLE channel_outbound_parts ADD CONSTRAINT channel_outbound_parts_kind_check CHECK (kind IN ('text', 'template'));
DROP TABLE social_inbound;
