/**
 * CRM data: pushed by the company's CRM through the REST endpoints, imported from CSV, and read back for the
 * assistant through CrmReader (local tables, or the company's CRM over HTTP), always bound to one customer.
 */
import { randomUUID } from 'node:crypto';
import { importCrmCsv } from '../../src/crm/crm-csv';
import { upsertOrder, upsertReturn } from '../../src/crm/crm-store';
import { findCrmCustomer } from '../../src/crm/customer-ref';
import { CrmUnavailable, HttpCrmReader } from '../../src/crm/http-crm-reader';
import { LocalCrmReader } from '../../src/crm/local-crm-reader';
import { resolveCustomer } from '../../src/db/customers';
import { startFakeCrm, type FakeCrm } from '../support/fake-crm';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let crm: FakeCrm;

beforeAll(async () => {
  crm = await startFakeCrm();
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => {
  await sys?.stop();
  await crm?.close();
});

const put = (path: string, body: unknown) => sys.api('PUT', `/api/v1/crm${path}`, { token: sys.integrationToken, body });
const get = (path: string) => sys.api('GET', `/api/v1/crm${path}`, { token: sys.operatorToken });
const uid = () => randomUUID().slice(0, 8);

describe('CRM push API', () => {
  it('upserts a profile, orders and returns idempotently and shows them together', async () => {
    const ref = `app-user-${uid()}`;
    const profile = { name: 'Ann Lee', email: 'Ann@Example.com', plan: 'pro', attributes: { segment: 'smb' } };
    const created = await put(`/customers/${ref}`, profile);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ outcome: 'created', profile: { externalRef: ref, name: 'Ann Lee', email: 'ann@example.com', plan: 'pro' } });
    const repeated = await put(`/customers/${ref}`, profile);
    expect(repeated.status).toBe(200);
    expect(repeated.body.outcome).toBe('unchanged');
    expect(repeated.body.profile.updatedAt).toBe(created.body.profile.updatedAt);
    expect((await put(`/customers/${ref}`, { ...profile, plan: 'enterprise' })).body.outcome).toBe('updated');

    const orderId = `ord-${uid()}`;
    const order = {
      customer: ref, status: 'shipped', total: 42.5, currency: 'eur', placedAt: '2024-11-20T10:00:00Z',
      items: [{ sku: 'KT-1', name: 'Kettle', quantity: 1, unitPrice: 42.5 }],
    };
    const placed = await put(`/orders/${orderId}`, order);
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ orderId, status: 'shipped', total: 42.5, currency: 'EUR' });
    expect((await put(`/orders/${orderId}`, order)).body.outcome).toBe('unchanged');
    expect((await put(`/orders/${orderId}`, { ...order, status: 'delivered' })).body.outcome).toBe('updated');
    const returned = await put(`/returns/ret-${orderId}`, { customer: ref, orderId, status: 'requested', reason: 'dented' });
    expect(returned.status).toBe(201);
    expect(returned.body.return).toMatchObject({ orderId, status: 'requested', reason: 'dented' });

    const view = await get(`/customers/${ref}`);
    expect(view.status).toBe(200);
    expect(view.body.customerId).toBe(created.body.customerId);
    expect(view.body.profile.plan).toBe('enterprise');
    expect(view.body.orders).toEqual([expect.objectContaining({ orderId, status: 'delivered', items: order.items })]);
    expect(view.body.returns).toEqual([expect.objectContaining({ returnId: `ret-${orderId}`, status: 'requested' })]);

    // the operator's card of the same customer, by Switchboard's id
    const card = await sys.api('GET', `/api/v1/customers/${created.body.customerId}/card`, { token: sys.operatorToken });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      customerId: created.body.customerId, profile: { plan: 'enterprise' }, previousIssues: [],
      orders: [expect.objectContaining({ orderId })], returns: [expect.objectContaining({ returnId: `ret-${orderId}` })],
    });
    expect((await sys.api('GET', `/api/v1/customers/${randomUUID()}/card`, { token: sys.operatorToken })).status).toBe(404);
    expect((await sys.api('GET', `/api/v1/customers/${created.body.customerId}/card`, {})).status).toBe(401);
  });

  it('ignores a push older than what it already has (out-of-order delivery)', async () => {
    const ref = `app-user-${uid()}`;
    const orderId = `ord-${uid()}`;
    await put(`/orders/${orderId}`, { customer: ref, status: 'delivered', updatedAt: '2024-11-22T12:00:00Z' });
    const late = await put(`/orders/${orderId}`, { customer: ref, status: 'shipped', updatedAt: '2024-11-21T12:00:00Z' });
    expect(late.body.outcome).toBe('unchanged');
    expect(late.body.order.status).toBe('delivered');
  });

  it('matches customers by API-channel id or e-mail, the same person the support channels know', async () => {
    // a customer who wrote through the API channel
    const appUser = `app-user-${uid()}`;
    const msg = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: appUser }, text: 'hello' },
    });
    expect(msg.status).toBe(202);
    const viaApi = await put(`/orders/ord-${uid()}`, { customer: appUser, status: 'placed' });
    expect(viaApi.body.customerId).toBe(await findCrmCustomer(sys.db, appUser));

    // a customer known by e-mail (the e-mail channel stores addresses lower-cased)
    const address = `bob-${uid()}@example.com`;
    const emailCustomer = await resolveCustomer(sys.db, { channel: 'email', externalId: address, email: address });
    const viaEmail = await put(`/orders/ord-${uid()}`, { customer: address.toUpperCase(), status: 'placed' });
    expect(viaEmail.body.customerId).toBe(emailCustomer);
    expect((await get(`/customers/${encodeURIComponent(address)}`)).body.orders).toHaveLength(1);

    // first sight: the customer and the identity are created, and later pushes find them
    const newcomer = `carol-${uid()}@example.com`;
    const first = await put(`/customers/${newcomer}`, { name: 'Carol' });
    const second = await put(`/returns/ret-${uid()}`, { customer: newcomer, status: 'requested' });
    expect(second.body.customerId).toBe(first.body.customerId);
  });

  it('refuses bad pushes with a clear 4xx', async () => {
    const badCurrency = await put(`/orders/ord-${uid()}`, { customer: 'x', status: 'placed', currency: 'euro' });
    expect(badCurrency.status).toBe(400);
    expect(badCurrency.body.error.message).toMatch(/currency/);
    expect((await put(`/orders/ord-${uid()}`, { customer: 'x' })).status).toBe(400);
    expect((await put(`/returns/r-${uid()}`, { customer: 'x', status: 'ok', extra: 1 })).status).toBe(400);
    expect((await put(`/customers/u-${uid()}`, { email: 'not-an-address' })).status).toBe(400);
    expect((await sys.api('PUT', `/api/v1/crm/orders/o-${uid()}`, { body: { customer: 'x', status: 'placed' } })).status).toBe(401);
    const unknown = await get(`/customers/nobody-${uid()}`);
    expect(unknown.status).toBe(404);
  });
});

describe('CRM CSV import', () => {
  it('imports profiles, orders and returns, reports bad rows, and changes nothing when run again', async () => {
    const ann = `ann-${uid()}@example.com`;
    const bob = `bob-${uid()}`;
    const profiles = `customer,name,plan,segment\n${ann},Ann,pro,smb\n${bob},Bob,free,\n`;
    const orders = `order_id,customer,status,total,currency,placed_at,items\n`
      + `o-${bob}-1,${bob},shipped,19.90,usd,2024-11-01,Mug x2\n`
      + `o-${bob}-2,${bob},placed,5,USD,2024-11-02 10:00,"[{""name"":""Pen"",""quantity"":3}]"\n`
      + `o-${bob}-3,${bob},,1,USD,2024-11-03,\n`;
    const returns = `return_id,customer,order_id,status,reason\nr-${bob},${bob},o-${bob}-1,approved,broken\n`;

    expect(await importCrmCsv(sys.db, 'profiles', profiles)).toMatchObject({ rows: 2, created: 2, failed: [] });
    const progress: number[] = [];
    const ordersReport = await importCrmCsv(sys.db, 'orders', orders, (done) => progress.push(done));
    expect(ordersReport).toMatchObject({ rows: 3, created: 2, failed: [{ row: 4 }] });
    expect(ordersReport.failed[0].message).toMatch(/status/);
    expect(progress).toEqual([1, 2, 3]);
    expect(await importCrmCsv(sys.db, 'returns', returns)).toMatchObject({ created: 1 });
    expect(await importCrmCsv(sys.db, 'orders', orders)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    const view = await get(`/customers/${bob}`);
    expect(view.body.profile).toMatchObject({ name: 'Bob', plan: 'free' });
    expect(view.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([`o-${bob}-2`, `o-${bob}-1`]);
    expect(view.body.orders[1]).toMatchObject({ total: 19.9, currency: 'USD', items: [{ name: 'Mug', quantity: 2 }] });
    expect(view.body.returns[0]).toMatchObject({ orderId: `o-${bob}-1`, status: 'approved' });
    expect((await get(`/customers/${ann}`)).body.profile.attributes).toEqual({ segment: 'smb' });
    await expect(importCrmCsv(sys.db, 'orders', 'id,who\n1,2\n')).rejects.toThrow(/"customer"/);
  });
});

/** Two customers with orders, returns and an issue each. */
async function twoCustomers() {
  const a = `alice-${uid()}`;
  const b = `boris-${uid()}`;
  const { customerId: aliceId } = await upsertOrder(sys.db, `A-${a}`, { customer: a, status: 'shipped', placedAt: '2024-11-01T00:00:00Z' });
  const { customerId: borisId } = await upsertOrder(sys.db, `B-${b}`, { customer: b, status: 'delivered', total: 999 });
  await upsertReturn(sys.db, `RB-${b}`, { customer: b, orderId: `B-${b}`, status: 'requested' });
  const issueId = randomUUID();
  await sys.db.query(`INSERT INTO issues (id, customer_id, workflow_id, status, channel, category) VALUES ($1, $2, $3, 'resolved', 'api', 'billing')`,
    [issueId, borisId, `issue-${borisId}`]);
  await sys.db.query(`INSERT INTO messages (id, issue_id, customer_id, direction, author, channel, body, created_at)
    VALUES ($1, $2, $3, 'inbound', 'customer', 'api', 'I was charged twice', now())`, [randomUUID(), issueId, borisId]);
  return { a, b, aliceId, borisId, issueId };
}

describe('CrmReader', () => {
  it('local tables: every read is bound to the customer, even given another customer\'s order id', async () => {
    const { a, b, aliceId, borisId, issueId } = await twoCustomers();
    const reader = new LocalCrmReader(sys.db);
    expect(await reader.order(aliceId, `B-${b}`)).toBeUndefined();
    expect(await reader.order(aliceId, `A-${a}`)).toMatchObject({ orderId: `A-${a}`, status: 'shipped' });
    expect((await reader.recentOrders(aliceId, 10)).map((o) => o.orderId)).toEqual([`A-${a}`]);
    expect(await reader.recentReturns(aliceId, 10)).toEqual([]);
    expect(await reader.previousIssues(aliceId, 10)).toEqual([]);
    expect(await reader.order('not-a-uuid', `A-${a}`)).toBeUndefined();
    expect(await reader.previousIssues(borisId, 5)).toEqual([
      expect.objectContaining({ issueId, status: 'resolved', category: 'billing', firstMessage: 'I was charged twice' }),
    ]);
    expect((await reader.recentReturns(borisId, 10)).map((r) => r.returnId)).toEqual([`RB-${b}`]);
  });

  it('external CRM over HTTP: validated, bound to the customer, with timeouts', async () => {
    const a = `alice-${uid()}`;
    const b = `boris-${uid()}`;
    const aliceId = await resolveCustomer(sys.db, { channel: 'api', externalId: a });
    crm.profiles.set(a, { name: 'Alice', plan: 'gold', attributes: { vip: true } });
    crm.orders.push(
      { orderId: `A-${a}`, customer: a, status: 'in_transit', total: 12, currency: 'EUR', placedAt: '2024-11-20T00:00:00Z' },
      { orderId: `B-${b}`, customer: b, status: 'delivered', total: 999 },
    );
    crm.returns.push({ returnId: `RA-${a}`, customer: a, orderId: `A-${a}`, status: 'open', createdAt: '2024-11-21T00:00:00Z' });
    const reader = new HttpCrmReader(sys.db, { baseUrl: crm.baseUrl, token: crm.token, timeoutMs: 500 });

    expect(await reader.profile(aliceId)).toMatchObject({ customerId: aliceId, externalRef: a, name: 'Alice', plan: 'gold', attributes: { vip: true } });
    expect(await reader.order(aliceId, `A-${a}`)).toMatchObject({ orderId: `A-${a}`, status: 'in_transit', total: 12 });
    // the CRM hands out Boris's order to anyone who asks; the reader does not
    expect(await reader.order(aliceId, `B-${b}`)).toBeUndefined();
    crm.leak.orders = [{ orderId: `B-${b}`, customer: b, status: 'delivered' }];
    crm.leak.returns = [{ returnId: `RB-${b}`, customer: b, status: 'open', createdAt: '2024-11-21T00:00:00Z' }];
    try {
      expect((await reader.recentOrders(aliceId, 5)).map((o) => o.orderId)).toEqual([`A-${a}`]);
      expect((await reader.recentReturns(aliceId, 5)).map((r) => r.returnId)).toEqual([`RA-${a}`]);
    } finally {
      crm.leak = { orders: [], returns: [] };
    }
    expect(crm.requests).toContain(`GET /customers/${a}/orders?limit=5`);
    expect(await reader.order(aliceId, 'no-such-order')).toBeUndefined();
    const stranger = await resolveCustomer(sys.db, { channel: 'telegram', externalId: `tg-${uid()}` });
    expect(await reader.profile(stranger)).toBeUndefined(); // no reference the CRM knows: nothing is asked

    crm.mode = 'garbage';
    await expect(reader.recentOrders(aliceId, 5)).rejects.toThrow(CrmUnavailable);
    crm.mode = 'error';
    await expect(reader.profile(aliceId)).rejects.toThrow(/answered 500/);
    crm.mode = 'hang';
    const started = Date.now();
    await expect(reader.order(aliceId, `A-${a}`)).rejects.toThrow(CrmUnavailable);
    expect(Date.now() - started).toBeLessThan(5_000);
    crm.mode = 'ok';
    const wrongToken = new HttpCrmReader(sys.db, { baseUrl: crm.baseUrl, token: 'nope', timeoutMs: 500 });
    await expect(wrongToken.profile(aliceId)).rejects.toThrow(/answered 401/);
  });
});
