-- Up Migration
-- The issues whose analytics facts are behind their stored changes. The projection marks the issue here in the
-- same statement that writes the change; the facts refresher (src/analytics/facts/facts-refresher.ts) takes a
-- batch at a time and recomputes them. Before, the projection recomputed an issue's facts itself, twice per
-- answered message: the most expensive statement of the turn (2.5 ms on PostgreSQL, a fifth of the embedded
-- database's time per message, measured by `npm run bench`).
CREATE TABLE issue_facts_due (
  issue_id uuid PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
  since    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_facts_due_since_idx ON issue_facts_due (since);

-- Down Migration
DROP TABLE issue_facts_due;
