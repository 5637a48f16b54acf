-- Up Migration
-- CSAT in every channel (src/csat/): the question and its reminder are marked on the message, so the widget and
-- the API channel render them as a rating; the rating keeps when, where from and which operator's resolution it
-- rates, so an operator sees their own recent ratings; the e-mail one-click links are signed with a stored key.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS kind text CHECK (kind IN ('csat_question', 'csat_reminder'));
ALTER TABLE issues ADD COLUMN IF NOT EXISTS csat_at timestamptz;
ALTER TABLE issues ADD COLUMN IF NOT EXISTS csat_channel text;
ALTER TABLE issues ADD COLUMN IF NOT EXISTS csat_operator_id uuid;
CREATE INDEX IF NOT EXISTS issues_csat_operator_idx ON issues (csat_operator_id, csat_at DESC) WHERE csat_operator_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS issues_csat_operator_idx;
ALTER TABLE issues DROP COLUMN IF EXISTS csat_operator_id;
ALTER TABLE issues DROP COLUMN IF EXISTS csat_channel;
ALTER TABLE issues DROP COLUMN IF EXISTS csat_at;
ALTER TABLE messages DROP COLUMN IF EXISTS kind;
