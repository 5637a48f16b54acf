-- Up Migration
-- Counters of the abuse limits (src/abuse/limits.ts), in the layout rate-limiter-flexible's PostgreSQL store
-- uses, so every gateway replica counts against the same numbers. Created here rather than lazily by the
-- library: the embedded database serves one connection at a time, and the schema belongs to the migrations.
-- key: "<limit name>:<subject>"; expire: unix milliseconds.
CREATE TABLE rate_limits (
  key     text PRIMARY KEY,
  points  integer NOT NULL DEFAULT 0,
  expire  bigint
);
CREATE INDEX rate_limits_expire_idx ON rate_limits (expire);

-- Down Migration
DROP TABLE rate_limits;
