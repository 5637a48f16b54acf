-- Up Migration
-- Secrets a channel generates for itself when none is configured (the widget's visitor-token HMAC key), so
-- they survive restarts and are shared by every gateway instance. A configured value (env) always wins.
CREATE TABLE channel_secrets (
  channel     text NOT NULL,
  name        text NOT NULL,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, name)
);

-- Down Migration
DROP TABLE channel_secrets;
