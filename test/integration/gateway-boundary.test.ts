/**
 * The gateway's boundary through the real gateway, worker, Temporal and PostgreSQL: poison characters in texts
 * and ids, malformed transport (charsets, compression, %-escapes, non-JSON), and PostgreSQL being unreachable.
 * Each gets a 4xx (or a 503 for the outage) with a JSON error, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createPool } from '../../src/db/pool';
import { freePort } from '../../src/net/free-port';
import { createLogger } from '../../src/observability/logger';
import { SupportMetrics } from '../../src/observability/metrics';
import { startGateway } from '../../src/runtime/gateway-server';
import { connectTemporalClient } from '../../src/temporal/connection';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
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

  it('an unknown Content-Encoding is 415', async () => {
    const r = await rawRequest('POST', '/api/v1/messages', { ...withApiKey(), 'content-encoding': 'compress' }, json);
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_content_encoding');
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
