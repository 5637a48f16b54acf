-- Mobile push for the API channel: the devices an app registered for a customer, and which message was pushed to
-- which device (at most once: a retried delivery never notifies a phone twice).
CREATE TABLE push_devices (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id  uuid NOT NULL REFERENCES customers (id),
  provider     text NOT NULL CHECK (provider IN ('fcm', 'webhook')),
  platform     text NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
  token        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- set when the provider said the token is gone (uninstalled app, expired token): no more pushes to it
  disabled_at  timestamptz,
  last_error   text,
  UNIQUE (provider, token)
);
CREATE INDEX push_devices_customer_idx ON push_devices (customer_id) WHERE disabled_at IS NULL;

CREATE TABLE push_sends (
  message_id  text NOT NULL,
  device_id   uuid NOT NULL REFERENCES push_devices (id) ON DELETE CASCADE,
  sent_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, device_id)
);
