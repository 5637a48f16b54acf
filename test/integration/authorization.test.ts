/**
 * Every HTTP route registered on the gateway, called with every kind of credential, against the one table of
 * who may call what (src/gateway/authorization/route-rules.ts). A route without a line in the table fails here.
 * "Refused" is 401 or 403; "let through" is anything else (400 for the empty body, 404 for the random id, …):
 * the walk checks who gets past the door, the other tests what happens behind it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ruleEntries } from '../../src/gateway/authorization/authorize';
import { ROUTE_RULES, type Caller, type RouteRule } from '../../src/gateway/authorization/route-rules';
import { asBrowser, createPerson, signIn, type Browser } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';

const SITE_KEY = 'pk_authorization_test';
let sys: TestSystem;

/** The credential kinds: how each one is sent, and which caller of the table it is. */
type Kind = 'none' | 'wrong' | 'channel key' | 'visitor' | 'agent' | 'supervisor' | 'admin' | 'integration';
const CALLER: Record<Kind, Caller | undefined> = {
  none: undefined, wrong: undefined, 'channel key': 'channel-key', visitor: 'visitor',
  agent: 'agent', supervisor: 'supervisor', admin: 'admin', integration: 'integration',
};
const people: Partial<Record<'agent' | 'supervisor' | 'admin', { email: string; password: string; browser?: Browser }>> = {};
let visitorToken: string;

beforeAll(async () => {
  sys = await startTestSystem({
    WIDGET_SITE_KEY: SITE_KEY,
    TELEGRAM_BOT_TOKEN: '123456:authz-test', TELEGRAM_WEBHOOK_SECRET: 'authz-telegram-secret', TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
    WHATSAPP_ACCESS_TOKEN: 'authz', WHATSAPP_APP_SECRET: 'authz-app-secret', WHATSAPP_VERIFY_TOKEN: 'authz-verify',
    WHATSAPP_PHONE_NUMBER_ID: '1065', WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9',
    META_PAGE_ACCESS_TOKEN: 'authz', META_APP_SECRET: 'authz-meta-secret', META_VERIFY_TOKEN: 'authz-meta-verify', META_GRAPH_BASE_URL: 'http://127.0.0.1:9',
    VK_ACCESS_TOKEN: 'authz', VK_GROUP_ID: '1', VK_CONFIRMATION_CODE: 'authz', VK_SECRET: 'authzVkSecret', VK_API_BASE_URL: 'http://127.0.0.1:9',
    PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), CODEC_ACCESS_KEY: 'authz-codec-key',
    RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_ACCOUNT: 'off', RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_CLIENT: 'off',
    RATE_LIMIT_INVITATION_ATTEMPTS_PER_CLIENT: 'off', RATE_LIMIT_WIDGET_SESSIONS_PER_CLIENT: 'off',
  }, { worker: false });
  for (const role of ['agent', 'supervisor', 'admin'] as const) people[role] = await createPerson(sys, { role, name: `Authz ${role}` });
  const session = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: SITE_KEY } });
  visitorToken = session.body.token;
});
afterAll(async () => {
  await sys?.stop();
});

async function headersOf(kind: Kind): Promise<Record<string, string>> {
  switch (kind) {
    case 'none': return {};
    case 'wrong': return { authorization: `Bearer op_${randomBytes(32).toString('base64url')}` };
    case 'channel key': return { authorization: `Bearer ${sys.apiKey}` };
    case 'visitor': return { authorization: `Bearer ${visitorToken}` };
    case 'integration': return { authorization: `Bearer ${sys.integrationToken}` };
    default: {
      const person = people[kind]!;
      person.browser ??= await signIn(sys, person.email, person.password);
      return asBrowser(person.browser);
    }
  }
}

function concretePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => (name === 'token' ? `inv_${randomUUID().replace(/-/g, '')}` : randomUUID()));
}

async function call(method: string, path: string, kind: Kind): Promise<{ status: number; code?: string }> {
  const headers = await headersOf(kind);
  const withBody = method !== 'GET' && method !== 'HEAD';
  const response = await fetch(`${sys.url}${concretePath(path)}`, {
    method, headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) }, body: withBody ? '{}' : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  let code: string | undefined;
  if ((response.headers.get('content-type') ?? '').includes('application/json')) code = ((await response.json()) as any)?.error?.code;
  else await response.body?.cancel(); // event streams stay open: the status is all we need
  // signing out ends the session the walk uses: sign in again for the next route
  if (method === 'DELETE' && (kind === 'agent' || kind === 'supervisor' || kind === 'admin')) people[kind]!.browser = undefined;
  return { status: response.status, code };
}

/** the callers some test credential stands for */
const HELD = Object.fromEntries(Object.values(CALLER).filter(Boolean).map((c) => [c, true]).concat([['public', true]]));

function mayCall(rule: RouteRule, kind: Kind): boolean {
  const who = rule[2];
  const caller = CALLER[kind];
  return who.includes('public') || (caller !== undefined && who.includes(caller));
}

it('has a rule for every route registered on the app, and team-scoped rules name the parameter', () => {
  const entries = ruleEntries(sys.app);
  expect(entries.length).toBeGreaterThan(50);
  expect(entries.filter((e) => !e.rule).map((e) => `${e.method} ${e.path}`)).toEqual([]);
  const badScope = entries.filter((e) => e.rule?.[3] && !e.path.includes(`:${e.rule[3]}Id`)).map((e) => `${e.method} ${e.path}`);
  expect(badScope).toEqual([]);
  // the table's own lines are unique
  const keys = ROUTE_RULES.map((r) => `${r[0]} ${r[1]}`);
  expect(new Set(keys).size).toBe(keys.length);
});

it('lets through exactly the callers the table names, on every route', async () => {
  const kinds = Object.keys(CALLER) as Kind[];
  const mismatches: string[] = [];
  for (const entry of ruleEntries(sys.app)) {
    if (!entry.rule) continue;
    for (const kind of kinds) {
      const { status, code } = await call(entry.method, entry.path, kind);
      // a route behind a secret no test caller holds (webhook secrets, metrics token, codec key, stream ticket)
      // may refuse with 400 before it looks for the secret (WhatsApp's verify handshake checks its query first)
      const refused = status === 401 || status === 403 || (!entry.rule[2].some((c) => c in HELD) && (status < 200 || status >= 300));
      if (refused === mayCall(entry.rule, kind)) {
        mismatches.push(`${entry.method} ${entry.path} as ${kind}: ${status} ${code ?? ''} (table: ${mayCall(entry.rule, kind) ? 'may' : 'may not'})`);
      }
      expect(status).toBeLessThan(500);
    }
  }
  expect(mismatches).toEqual([]);
}, 240_000);

it('finds the route express runs however its path is spelled, so no spelling slips past the table', async () => {
  const spellings = (path: string) => [path, `${path}/`, path.toUpperCase(), path.replace('/v1/', '/v1//'), `/${path}`,
    path.replace('/v1/', '/v1/./'), `${path}%2F`, `${path};x`, `${path}?x=1`, path.replace('tokens', 'tok%65ns')];
  const seen: string[] = [];
  const slipped: string[] = [];
  for (const spelled of spellings('/api/v1/tokens')) {
    const statuses: Partial<Record<Kind, number>> = {};
    for (const kind of ['none', 'agent', 'admin'] as const) {
      const response = await fetch(`${sys.url}${spelled}`, { headers: await headersOf(kind) });
      await response.body?.cancel();
      statuses[kind] = response.status;
    }
    seen.push(`${spelled} ${JSON.stringify(statuses)}`);
    // admins only: whatever express makes of the spelling, nobody else gets an answer from the route
    if (statuses.none! < 300 || statuses.agent! < 300) slipped.push(seen[seen.length - 1]!);
  }
  expect(slipped).toEqual([]);
  // and the spellings express does route still reach admins
  expect(seen.filter((s) => s.includes('"admin":200')).length).toBeGreaterThanOrEqual(4);
});
