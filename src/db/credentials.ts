import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from './pool';

/** Tokens are 256-bit random values, so a plain SHA-256 is the right hash (no password stretching needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * What a token may do: `operator` handles issues; `admin` also manages operators, the knowledge base, intents,
 * CRM data and identity links; `integration` is a system (the CRM) that pushes CRM data and can do nothing else.
 */
export type Role = 'admin' | 'operator' | 'integration';

export interface Operator {
  id: string;
  name: string;
  role: Role;
}

export async function findOperatorByToken(db: Db, token: string): Promise<Operator | undefined> {
  const { rows } = await db.query<Operator>(
    'SELECT id, name, role FROM operators WHERE token_hash = $1 AND disabled_at IS NULL', [hashSecret(token)],
  );
  return rows[0];
}

export async function createOperator(
  db: Db, input: { name: string; role: Operator['role']; token?: string },
): Promise<{ operator: Operator; token: string }> {
  const token = input.token ?? generateSecret('op');
  const operator: Operator = { id: randomUUID(), name: input.name, role: input.role };
  await db.query('INSERT INTO operators (id, name, role, token_hash) VALUES ($1, $2, $3, $4)',
    [operator.id, operator.name, operator.role, hashSecret(token)]);
  return { operator, token };
}

export async function listOperators(db: Db): Promise<Operator[]> {
  const { rows } = await db.query<Operator>('SELECT id, name, role FROM operators WHERE disabled_at IS NULL ORDER BY created_at');
  return rows;
}

export async function verifyChannelKey(db: Db, channel: string, key: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM channel_keys WHERE channel = $1 AND key_hash = $2', [channel, hashSecret(key)]);
  return rows.length > 0;
}

export interface BootstrapResult {
  /** set only when this call generated a secret the user has to be told once */
  generatedOperatorToken?: string;
  generatedApiChannelKey?: string;
}

/**
 * On an empty database: the first admin operator and the API channel key, from the given values or random ones.
 * Runs at every start; does nothing once they exist.
 */
export async function bootstrapCredentials(
  db: Db, given: { operatorToken?: string; apiChannelKey?: string },
): Promise<BootstrapResult> {
  const result: BootstrapResult = {};
  const operators = await db.query('SELECT 1 FROM operators LIMIT 1');
  if (operators.rows.length === 0) {
    const { token } = await createOperator(db, { name: 'Administrator', role: 'admin', token: given.operatorToken });
    if (!given.operatorToken) result.generatedOperatorToken = token;
  }
  const key = given.apiChannelKey ?? generateSecret('ck');
  const inserted = await db.query(
    `INSERT INTO channel_keys (channel, key_hash) VALUES ('api', $1) ON CONFLICT (channel) DO NOTHING`, [hashSecret(key)],
  );
  if (inserted.rowCount === 1 && !given.apiChannelKey) result.generatedApiChannelKey = key;
  return result;
}
