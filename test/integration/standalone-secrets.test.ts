/**
 * The standalone gateway (`npm run gateway`) on an empty database generates the first admin token, the first
 * console admin's password and the API channel key: they go to the terminal (stderr) only, never into the JSON logs (stdout), which are shipped to
 * log stores that many people read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from '../support/system';
import { eventually, temporalAddress } from '../support/temporal';

const root = path.resolve(__dirname, '..', '..');
const databaseName = `sb_secrets_${randomBytes(4).toString('hex')}`;
let gateway: ChildProcess | undefined;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${databaseName}`);
});
afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway!.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
  await admin(`DROP DATABASE IF EXISTS ${databaseName}`);
});

it('prints generated credentials to the terminal and keeps them out of the JSON logs', async () => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${databaseName}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    DATABASE_URL: url.toString(), TEMPORAL_ADDRESS: temporalAddress(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
  };
  gateway = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'src', 'cli', 'gateway.ts')], { cwd: root, env });
  let logs = '';
  let terminal = '';
  gateway.stdout!.on('data', (c: Buffer) => { logs += c.toString('utf8'); });
  gateway.stderr!.on('data', (c: Buffer) => { terminal += c.toString('utf8'); });

  const listening = await eventually(async () => {
    const line = logs.split('\n').find((l) => l.includes('gateway listening'));
    return line ? (JSON.parse(line) as { url: string }) : undefined;
  }, 60_000, 'the gateway to listen');

  const token = /\bop_[A-Za-z0-9_-]{20,}/.exec(terminal)?.[0];
  const key = /\bck_[A-Za-z0-9_-]{20,}/.exec(terminal)?.[0];
  expect(token).toBeDefined();
  expect(key).toBeDefined();
  expect(logs).not.toContain(token!);
  expect(logs).not.toContain(key!);
  expect(logs).not.toMatch(/\bop_[A-Za-z0-9_-]{20,}|\bck_[A-Za-z0-9_-]{20,}/);
  // what the terminal showed is the real admin token
  const res = await fetch(`${listening.url}/api/v1/operators`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);

  // the first console admin: e-mail and generated password on the terminal only, and they sign in
  const admin = /Console admin\s+(\S+@\S+) \/ (\S+)/.exec(terminal);
  expect(admin).not.toBeNull();
  const [, email, password] = admin!;
  expect(email).toBe('admin@switchboard.local');
  expect(logs).not.toContain(password!);
  const signIn = await fetch(`${listening.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  expect(signIn.status).toBe(200);
  expect(((await signIn.json()) as { operator: { role: string } }).operator.role).toBe('admin');
}, 90_000);
