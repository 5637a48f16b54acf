/**
 * The gateway's boundary through the real gateway, worker, Temporal and PostgreSQL: poison characters in texts
 * and ids, malformed transport (charsets, compression, %-escapes, non-JSON), and PostgreSQL being unreachable.
 * Each gets a 4xx (or a 503 for the outage) with a JSON error, never a 500.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { importCrmCsv } from '../../src/crm/crm-csv';
import { createPool } from '../../src/db/pool';
import { importKbFiles } from '../../src/kb/import-files';
import { freePort } from '../../src/net/free-port';
import { createLogger } from '../../src/observability/logger';
import { SupportMetrics } from '../../src/observability/metrics';
import { startGateway } from '../../src/runtime/gateway-server';
import { connectTemporalClient } from '../../src/temporal/connection';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;

const TELEGRAM_SECRET = 'tg-boundary-secret';
const WHATSAPP_APP_SECRET = 'wa-boundary-secret';
const WHATSAPP_PHONE_NUMBER_ID = '1065';

beforeAll(async () => {
  // the channels' outbound APIs point at a closed port: these tests only look at what comes in
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  sys = await startTestSystem({
    TELEGRAM_BOT_TOKEN: '123456:boundary-test-token', TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_BASE_URL: nowhere,
    WHATSAPP_ACCESS_TOKEN: 'wa-token', WHATSAPP_VERIFY_TOKEN: 'wa-verify', WHATSAPP_APP_SECRET,
    WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_API_BASE_URL: nowhere,
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
});

/** A request with exact bytes and headers (fetch would normalise some of them). */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: any }> {
  const url = new URL(sys.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const message = (text: string, extra: Record<string, unknown> = {}) =>
  ({ messageId: randomUUID(), customer: { externalId: `boundary-${randomUUID()}` }, text, ...extra });
const withApiKey = () => ({ authorization: `Bearer ${sys.apiKey}`, 'content-type': 'application/json' });

describe('poison characters', () => {
  it('a NUL in a customer text is removed: 202, the issue is answered and the stored text has no NUL', async () => {
    const body = message('How do I reset\u0000 my password?\uD800');
    const sent = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body });
    expect(sent.status).toBe(202);
    const messages = await eventually(async () => {
      const r = await sys.api('GET', `/api/v1/customers/${body.customer.externalId}/messages`, { token: sys.apiKey });
      return r.body.messages?.some((m: { author: string }) => m.author === 'assistant') ? r.body.messages : undefined;
    }, 30_000, 'the assistant\'s answer');
    expect(messages[0].text).toBe('How do I reset my password?\uFFFD');
  });

  it('a text of control characters only, a NUL in an id or a name-only change is refused with 400', async () => {
    for (const body of [
      message('\u0000\u0001 '),
      { ...message('hello'), messageId: 'm-\u0000' },
      { ...message('hello'), customer: { externalId: 'ext\u0000id' } },
    ]) {
      const r = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
  });

  it('an operator reply of control characters only is refused with 400', async () => {
    const r = await sys.api('POST', `/api/v1/issues/${randomUUID()}/replies`, { token: sys.operatorToken, body: { text: '\u0000' } });
    expect(r.status).toBe(400);
  });

  it('widget: a NUL is removed from a message, a message of control characters only is 400', async () => {
    const session = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: 'demo' } });
    expect(session.status).toBe(201);
    const send = (text: string) => sys.api('POST', '/api/v1/widget/messages', {
      token: session.body.token, body: { messageId: `msg-${randomUUID()}`, text },
    });
    expect((await send('\u0000\u0002')).status).toBe(400);
    expect((await send('Hello\u0000 there')).status).toBe(202);
    const stored = await eventually(async () => {
      const r = await sys.api('GET', '/api/v1/widget/messages', { token: session.body.token });
      return r.body.messages?.find((m: { direction?: string; author?: string }) => m.author === 'customer');
    }, 30_000, 'the stored widget message');
    expect(stored.text).toBe('Hello there');
  });

  it('Telegram: a text over 4,096 characters is refused with 400, a NUL is removed', async () => {
    const update = (updateId: number, text: string) => ({
      update_id: updateId,
      message: { message_id: 1, date: 1_700_000_000, chat: { id: 4242, type: 'private' }, from: { id: 4242, is_bot: false, first_name: 'T\u0000ed' }, text },
    });
    const post = (body: unknown) => sys.api('POST', '/webhooks/telegram', { body, headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET } });
    const updateId = Math.floor(Math.random() * 1e9);
    const long = await post(update(updateId, 'x'.repeat(250_000)));
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('invalid_request');
    expect((await post(update(updateId + 1, 'Hi\u0000 there'))).status).toBe(200);
    const { rows } = await eventually(async () => {
      const r = await sys.db.query<{ body: string }>(
        `SELECT body FROM messages WHERE channel = 'telegram' AND external_message_id = $1`, [String(updateId + 1)]);
      return r.rows.length > 0 ? r : undefined;
    }, 30_000, 'the stored Telegram message');
    expect(rows[0].body).toBe('Hi there');
  });

  it('WhatsApp: a NUL in a text or a profile name is removed and the message is stored', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const raw = Buffer.from(JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: WHATSAPP_PHONE_NUMBER_ID },
        contacts: [{ wa_id: '4915100000001', profile: { name: 'Ay\u0000lin' } }],
        messages: [{ from: '4915100000001', id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hallo\u0000 \uD800' } }],
      } }] }],
    }));
    const signature = `sha256=${createHmac('sha256', WHATSAPP_APP_SECRET).update(raw).digest('hex')}`;
    const r = await rawRequest('POST', '/webhooks/whatsapp', { 'content-type': 'application/json', 'x-hub-signature-256': signature }, raw);
    expect(r.status).toBe(200);
    const { rows } = await eventually(async () => {
      const found = await sys.db.query<{ body: string }>(`SELECT body FROM messages WHERE external_message_id = $1`, [wamid]);
      return found.rows.length > 0 ? found : undefined;
    }, 30_000, 'the stored WhatsApp message');
    expect(rows[0].body).toBe('Hallo \uFFFD');
  });

  it('knowledge base, CRM and admin inputs: names and texts are cleaned, ids with NUL and empty names refused', async () => {
    const article = await sys.api('POST', '/api/v1/kb/articles', {
      token: sys.adminToken, body: { title: 'Re\u0000turns', body: 'Send it back within\u0000 30 days.', source: '\u0000' },
    });
    expect(article.status).toBe(201);
    expect(article.body.article).toMatchObject({ title: 'Returns', body: 'Send it back within 30 days.' });

    const ref = `crm-${randomUUID()}`;
    const profile = await sys.api('PUT', `/api/v1/crm/customers/${ref}`, {
      token: sys.adminToken, body: { name: 'Bo\u0000b', attributes: { 'no\u0000te': 'vip\u0000', list: ['\uD800'] } },
    });
    expect(profile.status).toBe(201);
    expect(profile.body.profile).toMatchObject({ name: 'Bob', attributes: { note: 'vip', list: ['\uFFFD'] } });
    const order = await sys.api('PUT', `/api/v1/crm/orders/o%01${randomUUID()}`, { token: sys.adminToken, body: { customer: ref, status: 'paid' } });
    expect(order.status).toBe(400);
    const orderForNulRef = await sys.api('PUT', `/api/v1/crm/orders/${randomUUID()}`, { token: sys.adminToken, body: { customer: 'a\u0000b', status: 'paid' } });
    expect(orderForNulRef.status).toBe(400);

    const operator = await sys.api('POST', '/api/v1/operators', { token: sys.adminToken, body: { name: '\u0000' } });
    expect(operator.status).toBe(400);
  });

  it('knowledge-base file import: a NUL in a document is removed and the document imported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-boundary-'));
    const file = join(dir, 'returns.md');
    await writeFile(file, '# Re\u0000turns\n\nSend it back within\u0000 30 days.\n');
    try {
      const [outcome] = await importKbFiles(sys.db, [{ file, format: 'markdown', source: `kb-boundary/${randomUUID()}.md` }]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.report).toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('CRM CSV import: a row whose id holds a NUL fails with a clear reason, the other rows are imported', async () => {
    const ref = `csv-${randomUUID()}`;
    const csv = `order_id,customer,status\n"o-\u0000-${randomUUID()}",${ref},paid\no-${randomUUID()},${ref},paid\n`;
    const report = await importCrmCsv(sys.db, 'orders', csv);
    expect(report).toMatchObject({ rows: 2, created: 1 });
    expect(report.failed).toEqual([{ row: 2, message: expect.stringMatching(/control characters/) }]);
  });

  it('a NUL in a path id or a query parameter is a 400, on every kind of route', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/v1/customers/a%00b/messages', sys.apiKey],
      ['POST', '/api/v1/tasks/t%00/claim', sys.operatorToken],
      ['GET', '/api/v1/issues/%00', sys.operatorToken],
      ['GET', '/api/v1/kb/articles?source=a%00b', sys.operatorToken],
      ['GET', '/api/v1/crm/customers/a%00b', sys.operatorToken],
      ['GET', '/api/v1/tasks?limit=1&mine=%00', sys.operatorToken],
    ];
    for (const [method, path, token] of cases) {
      const r = await sys.api(method, path, { token });
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.body.error.code).toEqual(expect.any(String));
    }
  });
});

describe('malformed transport', () => {
  const json = Buffer.from(JSON.stringify(message('hello')));

  it('a charset other than UTF-8 is 415', async () => {
    const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-type': 'application/json; charset=latin1' }, json);
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_charset');
  });

  it.each([
    ['gzip', Buffer.from('not gzip at all')],
    ['gzip', gzipSync(json).subarray(0, 12)],
    ['deflate', Buffer.from('not deflate')],
    ['br', Buffer.from([0xff, 0xff, 0xff, 0xff])],
  ])('a corrupt %s body is 400', async (encoding, body) => {
    const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-encoding': encoding }, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('malformed_body');
  });

  it('a well-formed compressed body is read', async () => {
    const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-encoding': 'br' }, brotliCompressSync(json));
    expect(r.status).toBe(202);
  });

  it.each([
    'application/json; charset',
    'application/json; charset="',
    'application/json;;; ;',
    'application/json; charset=utf-8; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset=unknown-8',
  ])('an odd Content-Type (%s) is never a 5xx', async (contentType) => {
    const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-type': contentType }, json);
    expect(r.status).toBeGreaterThanOrEqual(200);
    expect(r.status).toBeLessThan(500);
    if (r.status >= 400) expect(r.body.error.code).toEqual(expect.any(String));
  });

  it('an unknown Content-Encoding is 415', async () => {
    for (const encoding of ['compress', 'gzip, br', 'x-gzip-but-not']) {
      const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-encoding': encoding }, json);
      expect({ encoding, status: r.status }).toEqual({ encoding, status: 415 });
      expect(r.body.error.code).toBe('unsupported_content_encoding');
    }
  });

  it('a malformed %-escape in the path is 400, with or without credentials', async () => {
    for (const headers of [{}, { authorization: `Bearer ${sys.operatorToken}` }] as Array<Record<string, string>>) {
      const r = await rawRequest('POST', '/api/v1/issues/%E0%A4%A/resolve', headers);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('malformed_url');
    }
    const overlong = await rawRequest('GET', '/api/v1/issues/%C0%80', {});
    expect(overlong.status).toBe(400);
  });

  it('a body that is not JSON is 400', async () => {
    for (const body of ['{"text":', 'hello', '"just a string"', '\u0000']) {
      const r = await rawRequest('POST', '/api/v1/messages', withApiKey(), Buffer.from(body));
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
    }
    const text = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-type': 'text/plain' }, Buffer.from('hi'));
    expect(text.status).toBe(400);
  });
});

describe('PostgreSQL unreachable', () => {
  it('answers 503 database_unavailable with Retry-After, not 500', async () => {
    const closedPort = await freePort();
    const db = createPool(`postgres://switchboard:switchboard@127.0.0.1:${closedPort}/none`);
    const client = await connectTemporalClient(sys.config.temporal, sys.config.temporal.address!, sys.config.dataConverter);
    const gateway = await startGateway(sys.config, {
      db, client, metrics: new SupportMetrics(), logger: createLogger('silent'), databaseKind: 'test',
    });
    try {
      const response = await fetch(`${gateway.url}/api/v1/messages`, {
        method: 'POST', headers: withApiKey(), body: JSON.stringify(message('hello')),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
      const tasks = await fetch(`${gateway.url}/api/v1/tasks`, { headers: { authorization: `Bearer ${sys.operatorToken}` } });
      expect(tasks.status).toBe(503);
    } finally {
      await gateway.close();
      await client.connection.close();
      await db.end();
    }
  });
});
