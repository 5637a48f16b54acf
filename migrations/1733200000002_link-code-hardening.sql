-- Up Migration
-- Link codes that cannot be guessed into someone else's account: an open code is unique within its channel
-- (a code typed from a messenger names exactly one session), and every identity records the evidence that it
-- belongs to its customer.

-- Codes that can no longer be used are closed, so the unique index below only covers live ones; of several
-- open codes sharing a hash (6-digit codes could collide), only the newest stays open.
UPDATE identity_link_codes SET consumed_at = now() WHERE consumed_at IS NULL AND expires_at <= now();
UPDATE identity_link_codes c SET consumed_at = now()
 WHERE consumed_at IS NULL AND EXISTS (
   SELECT 1 FROM identity_link_codes n
    WHERE n.channel = c.channel AND n.code_hash = c.code_hash AND n.consumed_at IS NULL
      AND (n.created_at, n.id) > (c.created_at, c.id));
DROP INDEX identity_link_codes_open_idx;
CREATE UNIQUE INDEX identity_link_codes_open_idx ON identity_link_codes (channel, code_hash) WHERE consumed_at IS NULL;

-- How we know an identity is who it says: NULL = only what the channel claims (an e-mail From header);
-- 'code' = a one-time code went through it; 'dmarc' / 'dkim' / 'spf' = the company's MX verified the sender
-- (Authentication-Results); 'channel' = the channel itself authenticates the sender (reserved).
ALTER TABLE customer_identities ADD COLUMN verified_by text
  CHECK (verified_by IN ('code', 'dmarc', 'dkim', 'spf', 'channel'));
ALTER TABLE customer_identities ADD COLUMN verified_at timestamptz;

-- Down Migration
ALTER TABLE customer_identities DROP COLUMN verified_at;
ALTER TABLE customer_identities DROP COLUMN verified_by;
DROP INDEX identity_link_codes_open_idx;
CREATE INDEX identity_link_codes_open_idx ON identity_link_codes (channel, code_hash) WHERE consumed_at IS NULL;
