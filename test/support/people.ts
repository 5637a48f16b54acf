/** People who sign in to the console, for tests: created straight in the database, signed in over HTTP. */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/people/passwords';
import { insertPerson, type PersonInput } from '../../src/people/people-store';
import type { TestSystem } from './system';

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createPerson(
  sys: TestSystem, input: Partial<PersonInput> & { password?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = input.email ?? `person-${randomUUID()}@example.com`;
  const password = input.password ?? TEST_PASSWORD;
  const id = await insertPerson(sys.db, {
    name: input.name ?? 'Test person', role: input.role ?? 'agent', email, passwordHash: await hashPassword(password),
    teamIds: input.teamIds, languages: input.languages, skills: input.skills, capacity: input.capacity,
  });
  return { id, email, password };
}

/** A browser's view of a session: the cookie it got and the CSRF token the console keeps. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  /** the Set-Cookie header of the sign-in */
  setCookie: string;
  operator: any;
}

export async function signIn(sys: TestSystem, email: string, password: string, headers: Record<string, string> = {}): Promise<Browser> {
  const response = await fetch(`${sys.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }),
  });
  const body = await response.json() as any;
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { cookie, csrfToken: body.csrfToken, setCookie, operator: body.operator };
}

/** Headers of a request the console sends: the cookie, and the CSRF token unless `csrf: false`. */
export function asBrowser(browser: Browser, options: { csrf?: boolean } = {}): Record<string, string> {
  return { cookie: browser.cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': browser.csrfToken }) };
}
