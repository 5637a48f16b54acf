-- Up Migration
-- Widget live replies pushed instead of polled, and stream tickets instead of tokens in URLs.

-- EventSource cannot send headers: the page trades its visitor token (sent in a header) for a ticket that
-- opens one stream, once, within a minute. Stored hashed; shared by all gateway replicas.
CREATE TABLE widget_stream_tickets (
  ticket_hash  text PRIMARY KEY,
  visitor_id   text NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX widget_stream_tickets_expires_idx ON widget_stream_tickets (expires_at);

-- Every new message wakes the open streams of the widget visitors of its customer, in whichever gateway they
-- are: NOTIFY widget_messages '<visitor id>' (one LISTEN connection per gateway fans out to its streams).
-- Resolved at insert time, so a visitor linked to another customer later follows that customer's messages.
CREATE FUNCTION notify_widget_visitors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('widget_messages', ci.external_id)
     FROM customer_identities ci
    WHERE ci.customer_id = NEW.customer_id AND ci.channel = 'widget';
  RETURN NULL;
END
$$;
CREATE TRIGGER messages_notify_widget_visitors AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION notify_widget_visitors();

-- Down Migration
DROP TRIGGER messages_notify_widget_visitors ON messages;
DROP FUNCTION notify_widget_visitors();
DROP TABLE widget_stream_tickets;
