import { Pool } from 'pg';
import { isDeterministicDbError, isTransientDbError } from '../../src/db/pg-errors';
import { createServer } from 'node:net';

const sqlState = (code: string) => Object.assign(new Error(`postgres said ${code}`), { code, severity: 'ERROR' });

describe('PostgreSQL error classes', () => {
  it.each([
    ['08006 connection failure', sqlState('08006')],
    ['08001 cannot connect', sqlState('08001')],
    ['57P01 admin shutdown', sqlState('57P01')],
    ['57P02 crash shutdown', sqlState('57P02')],
    ['57P03 cannot connect now (starting up)', sqlState('57P03')],
    ['53300 too many connections', sqlState('53300')],
    ['53100 disk full', sqlState('53100')],
    ['40001 serialization failure', sqlState('40001')],
    ['40P01 deadlock', sqlState('40P01')],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['connection timeout with a cause', new Error('Connection terminated due to connection timeout', { cause: new Error('x') })],
    ['wrapped in a cause', new Error('projecting failed', { cause: sqlState('57P01') })],
    ['AggregateError of refused connections', Object.assign(new AggregateError([
      Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }),
    ], 'connect failed'), { code: 'ECONNREFUSED' })],
  ])('%s is transient', (_name, error) => {
    expect(isTransientDbError(error)).toBe(true);
    expect(isDeterministicDbError(error)).toBe(false);
  });

  it.each([
    ['22021 NUL / bad byte sequence', sqlState('22021')],
    ['22P02 invalid text representation', sqlState('22P02')],
    ['22P05 untranslatable character (jsonb \\u0000)', sqlState('22P05')],
    ['23505 unique violation', sqlState('23505')],
    ['23503 foreign key violation', sqlState('23503')],
    ['42703 undefined column', sqlState('42703')],
    ['42P01 undefined table', sqlState('42P01')],
    ['21000 cardinality', sqlState('21000')],
  ])('%s is deterministic', (_name, error) => {
    expect(isDeterministicDbError(error)).toBe(true);
    expect(isTransientDbError(error)).toBe(false);
  });

  it.each([
    ['a plain error', new Error('boom')],
    ['undefined', undefined],
    ['a string', 'ECONNREFUSED'],
    ['57014 query cancelled', sqlState('57014')],
  ])('%s is neither', (_name, error) => {
    expect(isTransientDbError(error)).toBe(false);
    expect(isDeterministicDbError(error)).toBe(false);
  });

  it('classifies what the pg driver really raises: a closed port, and a server that hangs up', async () => {
    const closed = new Pool({ connectionString: 'postgres://u:p@127.0.0.1:1/db', connectionTimeoutMillis: 2_000 });
    const refused = await closed.query('SELECT 1').catch((e: unknown) => e);
    await closed.end();
    expect(isTransientDbError(refused)).toBe(true);

    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const hangsUp = new Pool({ connectionString: `postgres://u:p@127.0.0.1:${port}/db`, connectionTimeoutMillis: 2_000 });
    hangsUp.on('error', () => undefined);
    const terminated = await hangsUp.query('SELECT 1').catch((e: unknown) => e);
    await hangsUp.end();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(isTransientDbError(terminated)).toBe(true);
  });
});
