/**
 * Console sign-in: argon2id passwords, server-side sessions in PostgreSQL behind an httpOnly SameSite=Lax
 * cookie (only the token's hash stored), rotation at sign-in, expiry and idle timeout, sign-out, CSRF on
 * state-changing cookie requests, and sign-in rate limits per account and per client address.
 */
import { createHash } from 'node:crypto';
import type { OperatorStatusChange } from '../../src/people/operator-status';
import { asBrowser, createPerson, signIn, TEST_PASSWORD } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const statusChanges: OperatorStatusChange[] = [];
let client = 0;
/** each test its own client address (loopback proxies are trusted), so per-address limits do not mix */
const fromNewClient = () => ({ 'x-forwarded-for': `203.0.113.${(client += 1)}` });

beforeAll(async () => {
  sys = await startTestSystem({
    RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_ACCOUNT: '4/15m/15m',
    RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_CLIENT: '6/15m/15m',
  }, { worker: false, onOperatorStatusChanged: (change) => { statusChanges.push(change); } });
});
afterAll(async () => {
  await sys?.stop();
});

const get = (path: string, headers: Record<string, string>) => sys.api('GET', path, { headers });

it('signs in with e-mail and password: an httpOnly SameSite=Lax cookie whose token only the browser knows', async () => {
  const person = await createPerson(sys, { name: 'Vera', role: 'supervisor', languages: ['en', 'ru'], skills: ['billing'] });
  const { rows: [stored] } = await sys.db.query('SELECT password_hash FROM operators WHERE id = $1', [person.id]);
  expect(stored.password_hash).toMatch(/^\$argon2id\$/);

  const browser = await signIn(sys, person.email.toUpperCase(), person.password, fromNewClient());
  expect(browser.setCookie).toMatch(/^sb_session=[\w-]{40,};/);
  expect(browser.setCookie).toMatch(/HttpOnly/i);
  expect(browser.setCookie).toMatch(/SameSite=Lax/i);
  expect(browser.setCookie).not.toMatch(/Secure/i);
  expect(browser.operator).toEqual({
    id: person.id, name: 'Vera', role: 'supervisor', email: person.email, teamIds: [], supervisedTeamIds: [],
    languages: ['en', 'ru'], skills: ['billing'],
  });
  expect(browser.csrfToken).toEqual(expect.any(String));

  const token = browser.cookie.split('=')[1]!;
  const sessions = await sys.db.query('SELECT token_hash FROM operator_sessions WHERE operator_id = $1', [person.id]);
  expect(sessions.rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

  const session = await get('/api/v1/session', asBrowser(browser, { csrf: false }));
  expect(session.status).toBe(200);
  expect(session.body).toEqual({ operator: browser.operator, csrfToken: browser.csrfToken });
  // the existing operator routes take the cookie too
  expect((await get('/api/v1/tasks', asBrowser(browser, { csrf: false }))).status).toBe(200);
});

it('sets Secure on the cookie when the request came over HTTPS (through a trusted proxy)', async () => {
  const person = await createPerson(sys);
  const browser = await signIn(sys, person.email, person.password, { ...fromNewClient(), 'x-forwarded-proto': 'https' });
  expect(browser.setCookie).toMatch(/;\s*Secure/i);
});

it('refuses a wrong password and an unknown address alike', async () => {
  const person = await createPerson(sys);
  const headers = { 'content-type': 'application/json', ...fromNewClient() };
  for (const body of [{ email: person.email, password: 'not the password' }, { email: 'nobody@example.com', password: TEST_PASSWORD }]) {
    const response = await fetch(`${sys.url}/api/v1/session`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(((await response.json()) as any).error.code).toBe('invalid_credentials');
  }
  expect((await get('/api/v1/session', {})).status).toBe(401);
});

it('asks for the CSRF token on state-changing requests signed in by cookie, not on Bearer requests', async () => {
  const person = await createPerson(sys);
  const browser = await signIn(sys, person.email, person.password, fromNewClient());
  const put = (headers: Record<string, string>) => sys.api('PUT', '/api/v1/me/status', { headers, body: { status: 'online', capacity: 4 } });

  const without = await put(asBrowser(browser, { csrf: false }));
  expect(without.status).toBe(403);
  expect(without.body.error.code).toBe('csrf_failed');
  const wrong = await put({ ...asBrowser(browser, { csrf: false }), 'x-csrf-token': `${browser.csrfToken.slice(0, -2)}xx` });
  expect(wrong.status).toBe(403);
  const { rows: [before] } = await sys.db.query('SELECT status FROM operators WHERE id = $1', [person.id]);
  expect(before.status).toBe('offline');

  const ok = await put(asBrowser(browser));
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ status: 'online', capacity: 4 });
  expect(statusChanges).toContainEqual(expect.objectContaining({ operatorId: person.id, status: 'online', capacity: 4, reason: 'status' }));
  // API tokens are not sent by browsers on their own: no CSRF token needed
  expect((await sys.api('GET', '/api/v1/me', { token: sys.operatorToken })).body.operator.role).toBe('agent');
});

it('rotates the session at sign-in and ends it at sign-out (the person goes offline)', async () => {
  const person = await createPerson(sys);
  const first = await signIn(sys, person.email, person.password, fromNewClient());
  const second = await signIn(sys, person.email, person.password, { ...fromNewClient(), cookie: first.cookie });
  expect(second.cookie).not.toBe(first.cookie);
  expect((await get('/api/v1/session', asBrowser(first, { csrf: false }))).status).toBe(401);
  expect((await get('/api/v1/session', asBrowser(second, { csrf: false }))).status).toBe(200);

  await sys.api('PUT', '/api/v1/me/status', { headers: asBrowser(second), body: { status: 'online' } });
  expect((await sys.api('DELETE', '/api/v1/session', { headers: asBrowser(second, { csrf: false }) })).status).toBe(403);
  const out = await fetch(`${sys.url}/api/v1/session`, { method: 'DELETE', headers: asBrowser(second) });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/^sb_session=;.*Expires=Thu, 01 Jan 1970/);
  expect((await get('/api/v1/session', asBrowser(second, { csrf: false }))).status).toBe(401);
  const { rows: [after] } = await sys.db.query('SELECT status FROM operators WHERE id = $1', [person.id]);
  expect(after.status).toBe('offline');
  expect(statusChanges).toContainEqual(expect.objectContaining({ operatorId: person.id, status: 'offline', reason: 'sign_out' }));
});

it('ends a session after its lifetime and after the idle timeout', async () => {
  const person = await createPerson(sys);
  const idle = await signIn(sys, person.email, person.password, fromNewClient());
  const old = await signIn(sys, person.email, person.password, fromNewClient());
  const hash = (b: { cookie: string }) => createHash('sha256').update(b.cookie.split('=')[1]!).digest('hex');
  await sys.db.query(`UPDATE operator_sessions SET last_seen_at = now() - interval '3 hours' WHERE token_hash = $1`, [hash(idle)]);
  await sys.db.query(`UPDATE operator_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hash(old)]);
  expect((await get('/api/v1/me', asBrowser(idle, { csrf: false }))).status).toBe(401);
  expect((await get('/api/v1/me', asBrowser(old, { csrf: false }))).status).toBe(401);
});

it('limits sign-in attempts per account, even with the right password once over', async () => {
  const person = await createPerson(sys);
  const attempt = (password: string) => fetch(`${sys.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...fromNewClient() }, body: JSON.stringify({ email: person.email, password }),
  });
  for (let i = 0; i < 4; i += 1) expect((await attempt('guess')).status).toBe(401);
  const blocked = await attempt(person.password);
  expect(blocked.status).toBe(429);
  expect(((await blocked.json()) as any).error.details.limit).toBe('SIGN_IN_ATTEMPTS_PER_ACCOUNT');
});

it('limits sign-in attempts per client address across accounts', async () => {
  const headers = { 'content-type': 'application/json', ...fromNewClient() };
  const statuses: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const response = await fetch(`${sys.url}/api/v1/session`, {
      method: 'POST', headers, body: JSON.stringify({ email: `guess-${i}@example.com`, password: 'guess' }),
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
});
