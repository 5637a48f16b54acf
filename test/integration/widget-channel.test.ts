/**
 * The web chat widget's API through the real gateway, worker, Temporal and database: a visitor session, a
 * message, the assistant's answer live on the Server-Sent Events stream and in the history.
 */
import { randomUUID } from 'node:crypto';
import { issueVisitorToken } from '../../src/channels/widget/visitor-token';
import { loadOrCreateTokenSecret } from '../../src/channels/widget/token-secret';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle, TEST_METRICS_TOKEN } from '../support/system';

const SITE_KEY = 'test-site';
let sys: TestSystem;

interface SseEvent { id?: string; event?: string; data: string }
interface WidgetMessage {
  id: string; issueId: string; direction: string; author: string; text: string; createdAt: string; clientMessageId?: string;
}

/** A minimal EventSource over fetch: collects the events (and comments) of one stream until closed. */
async function openStream(path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${sys.url}${path}`, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const raw: string[] = [];
  if (response.ok && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            raw.push(block);
            const event: SseEvent = { data: '' };
            for (const line of block.split('\n')) {
              const [field, ...rest] = line.split(': ');
              if (field === 'id') event.id = rest.join(': ');
              if (field === 'event') event.event = rest.join(': ');
              if (field === 'data') event.data = rest.join(': ');
            }
            if (event.data) events.push(event);
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    events,
    raw,
    messages: () => events.map((e) => JSON.parse(e.data) as WidgetMessage),
    close: () => controller.abort(),
  };
}

async function newVisitor(): Promise<{ token: string; visitorId: string }> {
  const res = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: SITE_KEY } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A single-use stream ticket for the visitor (the token goes in the header, never in a URL). */
async function ticket(token: string): Promise<string> {
  const res = await sys.api('POST', '/api/v1/widget/stream-tickets', { token });
  expect(res.status).toBe(201);
  return encodeURIComponent(res.body.ticket);
}

async function send(token: string, text: string, messageId = `w-${randomUUID()}`) {
  return sys.api('POST', '/api/v1/widget/messages', { token, body: { messageId, text } });
}

async function history(token: string): Promise<WidgetMessage[]> {
  const res = await sys.api('GET', '/api/v1/widget/messages', { token });
  expect(res.status).toBe(200);
  return res.body.messages;
}

beforeAll(async () => {
  // No WIDGET_TOKEN_SECRET: the gateway generates one and keeps it in the database.
  sys = await startTestSystem({
    WIDGET_SITE_KEY: SITE_KEY,
    RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR: '5/1m',
    RATE_LIMIT_WIDGET_SESSIONS_PER_CLIENT: '20/1h',
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
});

describe('web chat widget', () => {
  it('answers a visitor live on the stream and keeps the conversation in the history', async () => {
    const visitor = await newVisitor();
    expect(visitor.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    const stream = await openStream(`/api/v1/widget/stream?ticket=${await ticket(visitor.token)}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('access-control-allow-origin')).toBe('*');

    const messageId = `w-${randomUUID()}`;
    const accepted = await send(visitor.token, 'How do I reset my password?', messageId);
    expect(accepted.status).toBe(202);
    expect(accepted.body.issueId).toMatch(/^[0-9a-f-]{36}$/);

    const answer = await eventually(async () => stream.messages().find((m) => m.author === 'assistant'), 30_000, 'the answer on the stream');
    expect(answer.text).toContain('Forgot password');
    expect(answer.issueId).toBe(accepted.body.issueId);
    // the visitor's own message comes too, carrying the id the page made for it
    const streamed = stream.messages();
    expect(streamed.map((m) => m.author)).toEqual(['customer', 'assistant']);
    expect(streamed[0]).toMatchObject({ clientMessageId: messageId, text: 'How do I reset my password?', direction: 'inbound' });
    expect(stream.events.map((e) => e.id)).toEqual(streamed.map((m) => m.id));

    const listed = await history(visitor.token);
    expect(listed.map((m) => [m.id, m.author, m.text])).toEqual(streamed.map((m) => [m.id, m.author, m.text]));
    stream.close();

    // EventSource's reconnect sends Last-Event-ID: the stream resumes after it, without repeats
    const resumed = await openStream(`/api/v1/widget/stream?ticket=${await ticket(visitor.token)}`, {
      'last-event-id': streamed[0]!.id,
    });
    await eventually(async () => (resumed.events.length > 0 ? true : undefined), 5_000, 'the resumed stream');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(resumed.messages().map((m) => m.id)).toEqual([answer.id]);
    resumed.close();

    // a page that loaded the history asks for what comes after its last message: nothing yet
    const upToDate = await openStream(
      `/api/v1/widget/stream?ticket=${await ticket(visitor.token)}&after=${encodeURIComponent(answer.id)}`);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(upToDate.events).toEqual([]);
    expect(upToDate.raw[0]).toBe('retry: 2000');
    // this stream stays open: stopping the gateway in afterAll must end it rather than hang
  });

  it('answers a message sent twice (double click, retry) once', async () => {
    const visitor = await newVisitor();
    const messageId = `w-${randomUUID()}`;
    const first = await send(visitor.token, 'reset password please', messageId);
    const again = await send(visitor.token, 'reset password please', messageId);
    expect(first.status).toBe(202);
    expect(again.body.issueId).toBe(first.body.issueId);
    await eventually(async () => ((await history(visitor.token)).some((m) => m.author === 'assistant') ? true : undefined), 30_000, 'the answer');
    await new Promise((r) => setTimeout(r, 1_000));
    const listed = await history(visitor.token);
    expect(listed.filter((m) => m.author === 'customer')).toHaveLength(1);
    expect(listed.filter((m) => m.author === 'assistant')).toHaveLength(1);
  });

  it('turns away bad tokens, bad bodies and unknown sites, and nothing reaches Temporal', async () => {
    const forgedVisitor = randomUUID();
    const forged = issueVisitorToken('not-the-gateway-secret-at-all', { visitorId: forgedVisitor, issuedAt: Date.now() / 1000 });
    const badToken = await send(forged, 'How do I reset my password?');
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe('unauthorized');
    expect((await sys.api('POST', '/api/v1/widget/messages', { body: { messageId: 'w-12345678', text: 'hi' } })).status).toBe(401);
    expect((await sys.api('GET', '/api/v1/widget/messages', { token: 'v1.garbage' })).status).toBe(401);
    expect((await sys.api('POST', '/api/v1/widget/stream-tickets', { token: forged })).status).toBe(401);

    const visitor = await newVisitor();
    const malformed = await sys.api('POST', '/api/v1/widget/messages', { token: visitor.token, raw: '{"messageId": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const noText = await sys.api('POST', '/api/v1/widget/messages', { token: visitor.token, body: { messageId: 'w-12345678' } });
    expect(noText.status).toBe(400);
    expect(noText.body.error.message).toMatch(/text/);
    const tooLong = await send(visitor.token, 'a'.repeat(4_001));
    expect(tooLong.status).toBe(400);
    const extra = await sys.api('POST', '/api/v1/widget/messages', {
      token: visitor.token, body: { messageId: 'w-12345678', text: 'hi', customer: { externalId: 'someone-else' } },
    });
    expect(extra.status).toBe(400);

    const unknownSite = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: 'not-a-site' } });
    expect(unknownSite.status).toBe(403);
    expect(unknownSite.body.error.code).toBe('unknown_site_key');

    // neither visitor became a customer, so no issue workflow was started or signalled
    const { rows } = await sys.db.query(
      `SELECT count(*)::int AS n FROM customer_identities WHERE channel = 'widget' AND external_id = ANY($1)`,
      [[forgedVisitor, visitor.visitorId]]);
    expect(rows[0].n).toBe(0);
    expect(await history(visitor.token)).toEqual([]);
    const metrics = await sys.api('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(metrics.body).toMatch(/switchboard_inbound_messages_total\{channel="widget",result="rejected"\} [1-9]/);
  });

  it('lets other sites call it (CORS) and serves the script and the demo page', async () => {
    const preflight = await fetch(`${sys.url}/api/v1/widget/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example', 'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const script = await fetch(`${sys.url}/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const code = await script.text();
    expect(code).toContain('data-site-key');
    expect(code).toContain('.sb-launcher'); // the stylesheet is inlined
    const demo = await fetch(`${sys.url}/demo`);
    expect(demo.headers.get('content-type')).toMatch(/text\/html/);
    expect(await demo.text()).toContain(`<script src="/widget.js" data-site-key="${SITE_KEY}" async></script>`);

    // the widget's router leaves every other path alone
    expect((await sys.api('GET', '/api/v1/tasks')).status).toBe(401);
    expect((await sys.api('GET', '/no-such-page')).status).toBe(404);
    expect((await sys.api('GET', '/healthz')).status).toBe(200);
  });
});

describe('widget abuse limits and credentials', () => {
  it('opens streams with single-use tickets, never with the token in the URL', async () => {
    const visitor = await newVisitor();
    const withToken = await openStream(`/api/v1/widget/stream?token=${encodeURIComponent(visitor.token)}`);
    expect(withToken.status).toBe(401);
    const once = await ticket(visitor.token);
    const stream = await openStream(`/api/v1/widget/stream?ticket=${once}`);
    expect(stream.status).toBe(200);
    stream.close();
    const reused = await openStream(`/api/v1/widget/stream?ticket=${once}`);
    expect(reused.status).toBe(401);
    const late = await sys.api('POST', '/api/v1/widget/stream-tickets', { token: visitor.token });
    await sys.db.query(`UPDATE widget_stream_tickets SET expires_at = now() - interval '1 second'`);
    expect((await openStream(`/api/v1/widget/stream?ticket=${encodeURIComponent(late.body.ticket)}`)).status).toBe(401);
  });

  it('refuses expired visitor tokens and renews the ones in use', async () => {
    const secret = await loadOrCreateTokenSecret(sys.db);
    const day = 86_400;
    const now = Date.now() / 1000;
    const expired = issueVisitorToken(secret, { visitorId: randomUUID(), issuedAt: now - 31 * day });
    const gone = await sys.api('GET', '/api/v1/widget/messages', { token: expired });
    expect(gone.status).toBe(401);
    expect(gone.body.error.message).toMatch(/expired/);

    const visitorId = randomUUID();
    const aging = issueVisitorToken(secret, { visitorId, issuedAt: now - 2 * day });
    const res = await fetch(`${sys.url}/api/v1/widget/messages`, { headers: { authorization: `Bearer ${aging}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Visitor-Token/);
    const renewed = res.headers.get('x-visitor-token');
    expect(renewed).toMatch(new RegExp(`^v1\\.${visitorId}\\.`));
    const again = await fetch(`${sys.url}/api/v1/widget/messages`, { headers: { authorization: `Bearer ${renewed}` } });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-visitor-token')).toBeNull(); // a fresh token is not renewed again
  });

  it('caps the live streams of one visitor', async () => {
    const visitor = await newVisitor();
    const open = [];
    for (let i = 0; i < 3; i += 1) {
      const stream = await openStream(`/api/v1/widget/stream?ticket=${await ticket(visitor.token)}`);
      expect(stream.status).toBe(200);
      open.push(stream);
    }
    const fourth = await openStream(`/api/v1/widget/stream?ticket=${await ticket(visitor.token)}`);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    const other = await newVisitor();
    const theirs = await openStream(`/api/v1/widget/stream?ticket=${await ticket(other.token)}`);
    expect(theirs.status).toBe(200);
    theirs.close();
    open.pop()!.close();
    const after = await eventually(async () => {
      const s = await openStream(`/api/v1/widget/stream?ticket=${await ticket(visitor.token)}`);
      if (s.status === 200) return s;
      s.close();
      return undefined;
    }, 5_000, 'a stream once one was closed');
    after.close();
    open.forEach((s) => s.close());
  });

  it('limits messages per visitor and new sessions per client address, with 429 and Retry-After', async () => {
    const visitor = await newVisitor();
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${sys.url}/api/v1/widget/messages`, {
        method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messageId: `w-${randomUUID()}`, text: `question ${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused!.json()) as { error: unknown }).error).toMatchObject({ code: 'rate_limited', details: { limit: 'WIDGET_MESSAGES_PER_VISITOR' } });

    // a proxy on this machine names the client (X-Forwarded-For): one address is limited, another is not
    const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const session = (ip: string) => sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: SITE_KEY }, headers: { 'x-forwarded-for': ip } });
    const sessions: number[] = [];
    for (let i = 0; i < 21; i += 1) sessions.push((await session(address)).status);
    expect(sessions.slice(0, 20).every((status) => status === 201)).toBe(true);
    expect(sessions[20]).toBe(429);
    expect((await session('198.51.100.9')).status).toBe(201);
  });
});
