-- Up Migration
-- The analytics' experiment-variant slice finds an issue's variants by its customer (src/analytics/definitions/
-- issue-facts-sql.ts); the primary key (experiment_id, customer_id) serves only look-ups by experiment.
CREATE INDEX IF NOT EXISTS experiment_assignments_customer_idx ON experiment_assignments (customer_id);

-- Down Migration
DROP INDEX IF EXISTS experiment_assignments_customer_idx;
