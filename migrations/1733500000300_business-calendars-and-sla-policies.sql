-- Up Migration
-- Business-hours calendars and SLA policies, edited by admins through /api/v1/calendars and /api/v1/sla-policies.
-- A task records a snapshot of the policy and calendar in force at escalation (in its workflow state), so these
-- rows can change without moving a running clock. Slots, holidays and targets are validated by the gateway
-- (src/domain/calendar, src/domain/sla) and stored as written.
CREATE TABLE business_calendars (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  time_zone   text NOT NULL,                       -- IANA zone
  slots       jsonb NOT NULL,                      -- {"mon": [{"from": "09:00", "to": "18:00"}], ...}
  holidays    jsonb NOT NULL DEFAULT '[]'::jsonb,  -- ["2026-12-31", ...] local dates
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX business_calendars_name_idx ON business_calendars (lower(name));

CREATE TABLE sla_policies (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  -- a calendar in use by a policy cannot be deleted
  calendar_id    uuid NOT NULL REFERENCES business_calendars (id) ON DELETE RESTRICT,
  warning_share  double precision NOT NULL CHECK (warning_share > 0 AND warning_share < 1),
  targets        jsonb NOT NULL,                   -- [{"priority", "channel"?, "firstResponse", "nextResponse", "resolution"}]
  is_default     boolean NOT NULL DEFAULT false,   -- the policy new tasks get
  -- null until an admin changes the policy: the seeded default follows SUPPORT_POLICY until then
  edited_at      timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sla_policies_name_idx ON sla_policies (lower(name));
CREATE UNIQUE INDEX sla_policies_one_default_idx ON sla_policies (is_default) WHERE is_default;
CREATE INDEX sla_policies_calendar_idx ON sla_policies (calendar_id);

-- The defaults: open around the clock, and the support policy's built-in SLA values (next response = first
-- response), so escalations keep today's deadlines until an admin defines business hours.
INSERT INTO business_calendars (id, name, time_zone, slots) VALUES (
  '00000000-0000-4000-8000-00000000ca1e', '24/7', 'UTC',
  '{"mon":[{"from":"00:00","to":"24:00"}],"tue":[{"from":"00:00","to":"24:00"}],"wed":[{"from":"00:00","to":"24:00"}],"thu":[{"from":"00:00","to":"24:00"}],"fri":[{"from":"00:00","to":"24:00"}],"sat":[{"from":"00:00","to":"24:00"}],"sun":[{"from":"00:00","to":"24:00"}]}'
);
INSERT INTO sla_policies (id, name, calendar_id, warning_share, targets, is_default) VALUES (
  '00000000-0000-4000-8000-00000000051a', 'Default', '00000000-0000-4000-8000-00000000ca1e', 0.8,
  '[{"priority":"urgent","firstResponse":"15m","nextResponse":"15m","resolution":"4h"},
    {"priority":"high","firstResponse":"1h","nextResponse":"1h","resolution":"1d"},
    {"priority":"normal","firstResponse":"4h","nextResponse":"4h","resolution":"3d"},
    {"priority":"low","firstResponse":"1d","nextResponse":"1d","resolution":"7d"}]',
  true
);

-- Down Migration
DROP TABLE sla_policies;
DROP TABLE business_calendars;
