-- Up Migration
-- The gateway asks for every new conversation whether the customer's workflow has an issue that is not closed
-- (src/db/issue-registry.ts hasOpenIssue). Without an index that read scanned every issue: 2.3 ms on PostgreSQL
-- with 10,000 open, far more on the embedded PGlite, growing with the number of issues. Partial: closed issues,
-- the bulk of the table over time, are never looked up this way.
CREATE INDEX issues_open_by_workflow_idx ON issues (workflow_id) WHERE status <> 'closed';

-- Down Migration
DROP INDEX issues_open_by_workflow_idx;
