-- Up Migration
-- An operator's file sent through a messaging channel (WhatsApp, Messenger/Instagram, VK) is a part of the outbound
-- message like its text, so a retried delivery sends only the files that did not go out yet.
ALTER TABLE channel_outbound_parts DROP CONSTRAINT channel_outbound_parts_kind_check;
ALTER TABLE channel_outbound_parts ADD CONSTRAINT channel_outbound_parts_kind_check
  CHECK (kind IN ('text', 'template', 'private_reply', 'public_reply', 'file'));

-- Down Migration
DELETE FROM channel_outbound_parts WHERE kind = 'file';
ALTER TABLE channel_outbound_parts DROP CONSTRAINT channel_outbound_parts_kind_check;
ALTER TABLE channel_outbound_parts ADD CONSTRAINT channel_outbound_parts_kind_check
  CHECK (kind IN ('text', 'template', 'private_reply', 'public_reply'));
