/**
 * Roles for what exists today: operators handle issues; only admins change what the assistant knows (knowledge
 * base, intents), push CRM data or undo identity links; the CRM pushes with an integration token, which can do
 * nothing else.
 */
import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => {
  await sys?.stop();
});

const article = () => ({ title: `Roles ${randomUUID()}`, body: 'Only admins write the knowledge base.' });
const kbImport = () => ({ format: 'markdown', source: `roles-${randomUUID()}.md`, content: '# Returns\n\nThirty days.\n' });
const examples = () => ({ examples: [{ text: `where is my parcel ${randomUUID()}`, label: 'order_status' }], source: 'roles-test' });
const profile = { name: 'Role Test', email: 'role.test@example.com' };
const order = (customer: string) => ({ customer, status: 'shipped', placedAt: '2026-11-01T10:00:00Z' });

it('refuses knowledge-base, intent, CRM and identity-undo writes to a plain operator', async () => {
  const as = { token: sys.operatorToken };
  const ref = `roles-${randomUUID()}`;
  const refused = [
    await sys.api('POST', '/api/v1/kb/articles', { ...as, body: article() }),
    await sys.api('POST', '/api/v1/kb/import', { ...as, body: kbImport() }),
    await sys.api('POST', '/api/v1/kb/intents/examples', { ...as, body: examples() }),
    await sys.api('PUT', `/api/v1/crm/customers/${ref}`, { ...as, body: profile }),
    await sys.api('PUT', `/api/v1/crm/orders/o-${randomUUID()}`, { ...as, body: order(ref) }),
    await sys.api('PUT', `/api/v1/crm/returns/r-${randomUUID()}`, { ...as, body: { customer: ref, status: 'requested' } }),
    await sys.api('DELETE', `/api/v1/identity-links/${randomUUID()}`, as),
  ];
  expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
  expect(refused[0].body.error.code).toBe('forbidden');
  // reading stays open to operators
  expect((await sys.api('GET', '/api/v1/kb/articles', as)).status).toBe(200);
  expect((await sys.api('GET', '/api/v1/kb/intents', as)).status).toBe(200);
});

it('lets an admin write the knowledge base and intents and undo links', async () => {
  const as = { token: sys.adminToken };
  expect((await sys.api('POST', '/api/v1/kb/articles', { ...as, body: article() })).status).toBe(201);
  expect((await sys.api('POST', '/api/v1/kb/import', { ...as, body: kbImport() })).status).toBe(200);
  expect((await sys.api('POST', '/api/v1/kb/intents/examples', { ...as, body: examples() })).status).toBe(201);
  // past the role check: an unknown link is a 404, not a 403
  expect((await sys.api('DELETE', `/api/v1/identity-links/${randomUUID()}`, as)).status).toBe(404);
});

it('gives the CRM an integration token that pushes CRM data and nothing else', async () => {
  const created = await sys.api('POST', '/api/v1/operators', { token: sys.adminToken, body: { name: 'Shop CRM', role: 'integration' } });
  expect(created.status).toBe(201);
  expect(created.body.operator.role).toBe('integration');
  const as = { token: created.body.token as string };
  const ref = `roles-${randomUUID()}`;
  expect((await sys.api('PUT', `/api/v1/crm/customers/${ref}`, { ...as, body: profile })).status).toBe(201);
  expect((await sys.api('PUT', `/api/v1/crm/orders/o-${randomUUID()}`, { ...as, body: order(ref) })).status).toBe(201);
  expect((await sys.api('GET', `/api/v1/crm/customers/${ref}`, as)).status).toBe(200);
  // an admin may push too
  expect((await sys.api('PUT', `/api/v1/crm/customers/${ref}`, { token: sys.adminToken, body: profile })).status).toBe(200);
  // but it is not an operator
  expect((await sys.api('GET', '/api/v1/tasks', as)).status).toBe(403);
  expect((await sys.api('POST', '/api/v1/kb/articles', { ...as, body: article() })).status).toBe(403);
  expect((await sys.api('DELETE', `/api/v1/identity-links/${randomUUID()}`, as)).status).toBe(403);
  expect((await sys.api('GET', '/api/v1/operators', as)).status).toBe(403);
});
