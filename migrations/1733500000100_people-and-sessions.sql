-- Up Migration
-- People who sign in (e-mail, argon2id password, role agent/supervisor/admin, teams, skills, languages, status and
-- capacity), server-side sessions, invitations, and named API tokens kept apart from people. The old role
-- "operator" is now "agent"; each old operator token becomes that person's API token, an old integration
-- "operator" becomes a named integration token.

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  -- NULL: the token acts as its person, with the person's current role
  role         text CHECK (role IN ('agent', 'supervisor', 'admin', 'integration')),
  operator_id  uuid REFERENCES operators (id) ON DELETE CASCADE,
  -- sha256 of a random 32-byte token: the token itself is never stored
  token_hash   text NOT NULL UNIQUE,
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CHECK (role IS NOT NULL OR operator_id IS NOT NULL)
);

INSERT INTO api_tokens (id, name, role, operator_id, token_hash, created_at, revoked_at)
  SELECT gen_random_uuid(), name, NULL, id, token_hash, created_at, disabled_at FROM operators WHERE role <> 'integration';
INSERT INTO api_tokens (id, name, role, operator_id, token_hash, created_at, revoked_at)
  SELECT id, name, 'integration', NULL, token_hash, created_at, disabled_at FROM operators WHERE role = 'integration';
DELETE FROM operators WHERE role = 'integration';

ALTER TABLE operators DROP CONSTRAINT operators_role_check;
UPDATE operators SET role = 'agent' WHERE role = 'operator';
ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN ('agent', 'supervisor', 'admin'));
ALTER TABLE operators DROP COLUMN token_hash;
ALTER TABLE operators
  ADD COLUMN email             text,
  ADD COLUMN password_hash     text,
  ADD COLUMN languages         text[] NOT NULL DEFAULT '{}',
  ADD COLUMN skills            text[] NOT NULL DEFAULT '{}',
  ADD COLUMN capacity          integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 50),
  ADD COLUMN status            text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
  ADD COLUMN status_changed_at timestamptz,
  ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now();
-- e-mail addresses compare without case; disabling a person clears theirs, so it can be invited again
CREATE UNIQUE INDEX operators_email_idx ON operators (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE teams (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_idx ON teams (lower(name));
CREATE TABLE team_members (
  team_id      uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  operator_id  uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, operator_id)
);
CREATE INDEX team_members_operator_idx ON team_members (operator_id);
CREATE TABLE team_supervisors (
  team_id      uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  operator_id  uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, operator_id)
);
CREATE INDEX team_supervisors_operator_idx ON team_supervisors (operator_id);

CREATE TABLE operator_sessions (
  id              uuid PRIMARY KEY,
  -- sha256 of the random cookie value
  token_hash      text NOT NULL UNIQUE,
  operator_id     uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  idle_timeout_s  integer NOT NULL,
  revoked_at      timestamptz,
  client_address  text,
  user_agent      text
);
CREATE INDEX operator_sessions_operator_idx ON operator_sessions (operator_id) WHERE revoked_at IS NULL;

CREATE TABLE operator_invitations (
  id           uuid PRIMARY KEY,
  operator_id  uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  token_hash   text NOT NULL UNIQUE,
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  accepted_at  timestamptz
);

CREATE TABLE canned_responses (
  id          uuid PRIMARY KEY,
  title       text NOT NULL,
  text        text NOT NULL,
  language    text,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Internal notes and tags: operators only; never sent to the customer, never given to the assistant.
CREATE TABLE issue_notes (
  id           uuid PRIMARY KEY,
  issue_id     uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  operator_id  uuid,
  author_name  text NOT NULL,
  text         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_notes_issue_idx ON issue_notes (issue_id, created_at);
CREATE TABLE issue_tags (
  issue_id    uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  tag         text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, tag)
);
CREATE INDEX issue_tags_tag_idx ON issue_tags (tag);

-- The team a task is queued for (filled by the issue workflow's projection; NULL: any agent may take it).
ALTER TABLE human_tasks ADD COLUMN IF NOT EXISTS team_id uuid;

-- Down Migration
ALTER TABLE human_tasks DROP COLUMN IF EXISTS team_id;
DROP TABLE issue_tags;
DROP TABLE issue_notes;
DROP TABLE canned_responses;
DROP TABLE operator_invitations;
DROP TABLE operator_sessions;
DROP TABLE team_supervisors;
DROP TABLE team_members;
DROP TABLE teams;
DROP INDEX operators_email_idx;
ALTER TABLE operators DROP COLUMN email, DROP COLUMN password_hash, DROP COLUMN languages, DROP COLUMN skills,
  DROP COLUMN capacity, DROP COLUMN status, DROP COLUMN status_changed_at, DROP COLUMN updated_at;
ALTER TABLE operators ADD COLUMN token_hash text;
UPDATE operators o SET token_hash = t.token_hash FROM api_tokens t WHERE t.operator_id = o.id;
UPDATE operators SET token_hash = 'disabled:' || id WHERE token_hash IS NULL;
ALTER TABLE operators ALTER COLUMN token_hash SET NOT NULL;
ALTER TABLE operators DROP CONSTRAINT operators_role_check;
UPDATE operators SET role = 'operator' WHERE role IN ('agent', 'supervisor');
INSERT INTO operators (id, name, role, token_hash, created_at, disabled_at)
  SELECT id, name, 'integration', token_hash, created_at, revoked_at FROM api_tokens WHERE role = 'integration' AND operator_id IS NULL;
ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN ('admin', 'operator', 'integration'));
DROP TABLE api_tokens;
