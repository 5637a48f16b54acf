import { createApiToken, findOperatorByToken } from '../people/api-tokens';
import { hashPassword } from '../people/passwords';
import { insertPerson } from '../people/people-store';
import { normaliseRole, type Operator, type Role, type RoleInput } from '../people/roles';
import { isUniqueViolation } from './pg-errors';
import type { Db } from './pool';
import { generateSecret, hashSecret } from './secrets';

export { findOperatorByToken, generateSecret, hashSecret, type Operator, type Role };

/**
 * A person without e-mail or password who works through a personal API token (scripts, tests, the old
 * `POST /operators` contract); role `integration` makes a named integration token instead of a person.
 */
export async function createOperator(
  db: Db, input: { name: string; role: RoleInput; token?: string },
): Promise<{ operator: Operator; token: string }> {
  const role = normaliseRole(input.role);
  if (role === 'integration') {
    const { apiToken, token } = await createApiToken(db, { name: input.name, role, token: input.token });
    return { operator: { id: apiToken.id, name: apiToken.name, role, teamIds: [], supervisedTeamIds: [], languages: [], skills: [] }, token };
  }
  const id = await insertPerson(db, { name: input.name, role });
  const { token } = await createApiToken(db, { name: input.name, operatorId: id, token: input.token });
  return { operator: { id, name: input.name, role, teamIds: [], supervisedTeamIds: [], languages: [], skills: [] }, token };
}

export async function verifyChannelKey(db: Db, channel: string, key: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM channel_keys WHERE channel = $1 AND key_hash = $2', [channel, hashSecret(key)]);
  return rows.length > 0;
}

export interface BootstrapResult {
  /** set only when this call generated a secret the user has to be told once */
  generatedOperatorToken?: string;
  generatedApiChannelKey?: string;
  /** the first admin's sign-in, when this call generated its password */
  generatedAdmin?: { email: string; password: string };
}

export interface BootstrapSettings {
  /** BOOTSTRAP_OPERATOR_TOKEN: the first named admin API token */
  operatorToken?: string;
  apiChannelKey?: string;
  /** BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD: the first admin who signs in to the console */
  adminEmail?: string;
  adminPassword?: string;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@switchboard.local';

/**
 * On an empty database: the first admin API token, the API channel key and the first admin who can sign in, from
 * the given values or random ones. Runs at every start; does nothing once they exist.
 */
export async function bootstrapCredentials(db: Db, given: BootstrapSettings): Promise<BootstrapResult> {
  const result: BootstrapResult = {};
  const tokens = await db.query('SELECT 1 FROM api_tokens LIMIT 1');
  if (tokens.rows.length === 0) {
    const { token } = await createApiToken(db, { name: 'Bootstrap admin token', role: 'admin', token: given.operatorToken });
    if (!given.operatorToken) result.generatedOperatorToken = token;
  }
  const key = given.apiChannelKey ?? generateSecret('ck');
  const inserted = await db.query(
    `INSERT INTO channel_keys (channel, key_hash) VALUES ('api', $1) ON CONFLICT (channel) DO NOTHING`, [hashSecret(key)],
  );
  if (inserted.rowCount === 1 && !given.apiChannelKey) result.generatedApiChannelKey = key;
  const admins = await db.query(
    `SELECT 1 FROM operators WHERE role = 'admin' AND password_hash IS NOT NULL AND disabled_at IS NULL LIMIT 1`,
  );
  if (admins.rows.length === 0) {
    const email = given.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const password = given.adminPassword ?? generateSecret('pw').slice(3, 27);
    try {
      await insertPerson(db, { name: 'Administrator', role: 'admin', email, passwordHash: await hashPassword(password) });
      if (!given.adminPassword) result.generatedAdmin = { email, password };
    } catch (error) {
      // another gateway starting at the same moment created them, or the address belongs to someone already
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return result;
}
