-- Up Migration
-- A token kind for systems that push data (the CRM): role "integration" may write CRM data and nothing an
-- operator does. The full role model comes with the console; this only widens the allowed roles.
ALTER TABLE operators DROP CONSTRAINT operators_role_check;
ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN ('admin', 'operator', 'integration'));

-- Down Migration
DELETE FROM operators WHERE role = 'integration';
ALTER TABLE operators DROP CONSTRAINT operators_role_check;
ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN ('admin', 'operator'));
