-- Up Migration
-- The assistant's turn audits (why it answered, asked or handed over), one row each, written by the projection
-- once per turn. They were kept only inside issues.summary, which the workflow sent whole with every change: the
-- 20 kept turns made 15 KB of each answered message's workflow history (a 500-message conversation: 8 MB, and
-- seconds-long replays). Issues projected before keep theirs in issues.summary; readers look in both.
CREATE TABLE issue_turn_audits (
  issue_id    uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  message_id  text NOT NULL,
  entry       jsonb NOT NULL,
  PRIMARY KEY (issue_id, at, message_id)
);

-- Down Migration
DROP TABLE issue_turn_audits;
