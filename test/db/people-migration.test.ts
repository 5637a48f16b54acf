/**
 * The move from operator tokens to people: an installation upgraded from the token-only schema keeps every
 * token working (each operator's token becomes their personal API token, role "operator" becomes "agent", an
 * integration "operator" becomes a named integration token), and the first start after it creates the first
 * admin who signs in to the console, once. Runs on the embedded database (a fresh one it can migrate step by step).
 */
import { bootstrapCredentials, findOperatorByToken, hashSecret } from '../../src/db/credentials';
import { migrateUp } from '../../src/db/migrate';
import type { Db } from '../../src/db/pool';
import { verifyPassword } from '../../src/people/passwords';
import { findPersonByEmail } from '../../src/people/people-store';
import { embeddedMigratedUntil } from '../support/migrated-until';

const PEOPLE_MIGRATION = '1733500000100_people-and-sessions.sql';
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await embeddedMigratedUntil(PEOPLE_MIGRATION));
  await db.query(`INSERT INTO operators (id, name, role, token_hash) VALUES
    ('00000000-0000-4000-8000-000000000001', 'Old admin', 'admin', $1),
    ('00000000-0000-4000-8000-000000000002', 'Old operator', 'operator', $2),
    ('00000000-0000-4000-8000-000000000003', 'Shop CRM', 'integration', $3)`,
  [hashSecret('op_old_admin'), hashSecret('op_old_operator'), hashSecret('op_old_crm')]);
  await migrateUp(db);
}, 120_000);
afterAll(async () => {
  await close?.();
});

it('keeps every old token working, as the same person, with "operator" now "agent"', async () => {
  expect(await findOperatorByToken(db, 'op_old_admin')).toMatchObject({ id: '00000000-0000-4000-8000-000000000001', role: 'admin' });
  expect(await findOperatorByToken(db, 'op_old_operator')).toMatchObject({
    id: '00000000-0000-4000-8000-000000000002', name: 'Old operator', role: 'agent', teamIds: [],
  });
  expect(await findOperatorByToken(db, 'op_old_crm')).toMatchObject({ name: 'Shop CRM', role: 'integration' });
  const people = await db.query('SELECT name, role FROM operators ORDER BY name');
  expect(people.rows).toEqual([{ name: 'Old admin', role: 'admin' }, { name: 'Old operator', role: 'agent' }]);
});

it('creates the first admin who signs in, from the settings, once; a generated password when none is given', async () => {
  const first = await bootstrapCredentials(db, { adminEmail: 'boss@example.com', adminPassword: 'a long enough password' });
  expect(first).toEqual({ generatedApiChannelKey: expect.any(String) });
  const admin = await findPersonByEmail(db, 'Boss@Example.com');
  expect(admin?.person.role).toBe('admin');
  expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
  expect(await verifyPassword(admin!.passwordHash, 'a long enough password')).toBe(true);
  expect(await bootstrapCredentials(db, { adminEmail: 'other@example.com', adminPassword: 'another long password' })).toEqual({});

  await db.query(`UPDATE operators SET disabled_at = now(), email = NULL WHERE id = $1`, [admin!.person.id]);
  const generated = await bootstrapCredentials(db, {});
  expect(generated.generatedAdmin).toEqual({ email: 'admin@switchboard.local', password: expect.stringMatching(/^\S{20,}$/) });
  const created = await findPersonByEmail(db, 'admin@switchboard.local');
  expect(await verifyPassword(created!.passwordHash, generated.generatedAdmin!.password)).toBe(true);
});

it('makes the bootstrap operator token a named admin API token on an empty database', async () => {
  await db.query('DELETE FROM api_tokens');
  const result = await bootstrapCredentials(db, { operatorToken: 'op_chosen_bootstrap' });
  expect(result.generatedOperatorToken).toBeUndefined();
  expect(await findOperatorByToken(db, 'op_chosen_bootstrap')).toMatchObject({ name: 'Bootstrap admin token', role: 'admin' });
});
