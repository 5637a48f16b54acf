/**
 * A customer on WhatsApp, through the real gateway, worker, Temporal and database, with a fake Cloud API
 * (Graph API) on loopback receiving the messages we send, and webhooks signed the way Meta signs them.
 */
import { randomBytes } from 'node:crypto';
import { PermanentDeliveryError } from '../../src/channels/outbound';
import type { PartKind } from '../../src/channels/outbound-parts';
import { WhatsAppGraphApi } from '../../src/channels/whatsapp/graph-api';
import { WhatsAppSender } from '../../src/channels/whatsapp/sender';
import type { WhatsAppOutboundStore } from '../../src/channels/whatsapp/whatsapp-store';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle } from '../support/system';
import {
  signWhatsApp, startFakeWhatsApp, whatsAppStatusWebhook, whatsAppTextWebhook, type FakeWhatsApp,
} from '../support/fake-whatsapp';

const APP_SECRET = 'wa-app-secret';
const VERIFY_TOKEN = 'wa-verify-token';
const TEMPLATE = 'support_reply_waiting';
let sys: TestSystem;
let graph: FakeWhatsApp;
let nextNumber = 4_915_100_000_000 + Math.floor(Math.random() * 90_000_000);

beforeAll(async () => {
  graph = await startFakeWhatsApp();
  sys = await startTestSystem({
    WHATSAPP_ACCESS_TOKEN: graph.accessToken,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
    WHATSAPP_API_BASE_URL: graph.baseUrl,
    WHATSAPP_TEMPLATE_NAME: TEMPLATE,
    WHATSAPP_TEMPLATE_LANGUAGE: 'de',
    SUPPORT_POLICY: JSON.stringify({ firstResponse: { urgent: '60s', high: '60s', normal: '60s', low: '60s' } }),
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await graph?.close();
});

const newWaId = () => String(nextNumber++);
const newWamid = () => `wamid.${randomBytes(24).toString('base64url')}`;

function postSigned(payload: unknown, signature?: string | null) {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = {};
  if (signature !== null) headers['x-hub-signature-256'] = signature ?? signWhatsApp(APP_SECRET, raw);
  return sys.api('POST', '/webhooks/whatsapp', { raw, headers });
}

function say(waId: string, text: string, wamid = newWamid()) {
  return postSigned(whatsAppTextWebhook(graph.phoneNumberId, { waId, name: 'Aylin Demir', wamid, text }));
}

async function customerOf(waId: string): Promise<string | undefined> {
  const { rows } = await sys.db.query(
    `SELECT customer_id FROM customer_identities WHERE channel = 'whatsapp' AND external_id = $1`, [waId]);
  return rows[0]?.customer_id;
}

const sentTo = (waId: string) => graph.sent.filter((m) => m.to === waId);

describe('WhatsApp channel end to end', () => {
  it('verifies the webhook subscription with the verify token', async () => {
    const ok = await sys.api('GET', `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(1158201444); // the text "1158201444", echoed as text/plain
    const wrong = await sys.api('GET', '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444');
    expect(wrong.status).toBe(403);
  });

  it('answers a question from the knowledge base with a Graph API text message', async () => {
    const waId = newWaId();
    const res = await say(waId, 'How do I reset my password?');
    expect(res.status).toBe(200);
    const answer = await eventually(async () => sentTo(waId)[0], 30_000, 'the answer');
    expect(answer.type).toBe('text');
    expect(answer.text?.body).toContain('Forgot password');
    const { rows } = await sys.db.query(
      `SELECT c.display_name, c.phone FROM customers c WHERE c.id = $1`, [await customerOf(waId)]);
    expect(rows[0]).toEqual({ display_name: 'Aylin Demir', phone: `+${waId}` });
  });

  it('answers a re-delivered message once', async () => {
    const waId = newWaId();
    const wamid = newWamid();
    expect((await say(waId, 'reset password please', wamid)).status).toBe(200);
    expect((await say(waId, 'reset password please', wamid)).status).toBe(200);
    await eventually(async () => sentTo(waId)[0], 30_000, 'the answer');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sentTo(waId)).toHaveLength(1);
  });

  it('refuses posts without a valid signature: 401, no customer, no issue', async () => {
    const waId = newWaId();
    const issuesBefore = (await sys.db.query('SELECT count(*)::int AS n FROM issues')).rows[0].n;
    const payload = whatsAppTextWebhook(graph.phoneNumberId, { waId, name: 'Eve', wamid: newWamid(), text: 'hello' });
    expect((await postSigned(payload, null)).status).toBe(401);
    const wrong = await postSigned(payload, signWhatsApp('another-secret', JSON.stringify(payload)));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    // signed, then altered by one byte on the way
    const raw = JSON.stringify(payload);
    const tampered = await sys.api('POST', '/webhooks/whatsapp', {
      raw: raw.replace('hello', 'hellO'), headers: { 'x-hub-signature-256': signWhatsApp(APP_SECRET, raw) },
    });
    expect(tampered.status).toBe(401);
    expect(await customerOf(waId)).toBeUndefined();
    expect((await sys.db.query('SELECT count(*)::int AS n FROM issues')).rows[0].n).toBe(issuesBefore);
  });

  it('refuses a malformed body with 400 and changes nothing', async () => {
    const waId = newWaId();
    const bad = whatsAppTextWebhook(graph.phoneNumberId, { waId, name: 'Eve', wamid: newWamid(), text: 'hello' });
    (bad.entry[0].changes[0].value as Record<string, unknown>).messages = [{ from: waId, type: 'text' }];
    const res = await postSigned(bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    const raw = '{"object": "whatsapp_business_account", "entry": [';
    const notJson = await sys.api('POST', '/webhooks/whatsapp', { raw, headers: { 'x-hub-signature-256': signWhatsApp(APP_SECRET, raw) } });
    expect(notJson.status).toBe(400);
    expect(await customerOf(waId)).toBeUndefined();
  });

  it('acknowledges messages that are not text and ignores them', async () => {
    const waId = newWaId();
    const payload = whatsAppTextWebhook(graph.phoneNumberId, { waId, name: 'Eve', wamid: newWamid(), text: 'x' });
    const value = payload.entry[0].changes[0].value as { messages: Record<string, unknown>[] };
    value.messages[0] = { ...value.messages[0], type: 'location', text: undefined, location: { latitude: 52.52, longitude: 13.405 } };
    expect((await postSigned(payload)).status).toBe(200);
    expect(await customerOf(waId)).toBeUndefined();
  });

  it('records delivery statuses of our messages; a failed one is put on the issue', async () => {
    const waId = newWaId();
    await say(waId, 'How do I reset my password?');
    const answer = await eventually(async () => sentTo(waId)[0], 30_000, 'the answer');
    for (const status of ['sent', 'delivered', 'read']) {
      expect((await postSigned(whatsAppStatusWebhook(graph.phoneNumberId, { wamid: answer.wamid, status, recipient: waId }))).status).toBe(200);
    }
    const failed = whatsAppStatusWebhook(graph.phoneNumberId, {
      wamid: answer.wamid, status: 'failed', recipient: waId,
      errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }],
    });
    expect((await postSigned(failed)).status).toBe(200);
    expect((await postSigned(failed)).status).toBe(200); // Meta re-sends: recorded once
    const { rows: statuses } = await sys.db.query(
      `SELECT status FROM channel_delivery_statuses WHERE channel = 'whatsapp' AND provider_message_id = $1 ORDER BY occurred_at, status`,
      [answer.wamid]);
    expect(statuses.map((r) => r.status).sort()).toEqual(['delivered', 'failed', 'read', 'sent']);
    const { rows: events } = await sys.db.query(
      `SELECT e.data FROM issue_events e JOIN issues i ON i.id = e.issue_id
        WHERE i.customer_id = $1 AND e.type = 'delivery_failed'`, [await customerOf(waId)]);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ channel: 'whatsapp', providerMessageId: answer.wamid });
    expect(events[0].data.error).toMatch(/131026 Message undeliverable Receiver is incapable/);
    const { rows: message } = await sys.db.query(
      `SELECT m.delivery_error FROM messages m JOIN channel_outbound_parts p ON p.message_id = m.id WHERE p.provider_message_id = $1`,
      [answer.wamid]);
    expect(message[0].delivery_error).toMatch(/failed: 131026/);
  });

  it('sends the template instead of free text when the customer last wrote more than 24 hours ago', async () => {
    const waId = newWaId();
    await say(waId, 'I want to talk to a person please');
    const customerId = await customerOf(waId);
    const issueId = await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT id FROM issues WHERE customer_id = $1 AND status = 'escalated'`, [customerId]);
      return rows[0]?.id as string | undefined;
    }, 30_000, 'the escalated issue');
    const task = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
      return res.body.tasks.find((t: { issueId: string }) => t.issueId === issueId);
    }, 10_000, 'the human task');
    // the hand-over notice went out as text, inside the window
    await eventually(async () => sentTo(waId)[0], 10_000, 'the hand-over notice');
    expect(sentTo(waId)[0].type).toBe('text');
    await sys.db.query(
      `UPDATE messages SET created_at = now() - interval '25 hours' WHERE customer_id = $1 AND direction = 'inbound'`, [customerId]);
    expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
    const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Hello again! Your refund went out today.' },
    });
    expect(reply.status).toBe(201);

    // (a system notice still queued when the clock was turned back, e.g. "we will answer you by …" when nobody is
    // online, is outside the window too and rightly goes as the template as well)
    const sent = await eventually(async () => {
      const { rows } = await sys.db.query(
        `SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'whatsapp_template_sent'`, [issueId]);
      return rows.find((r) => r.data.messageId === reply.body.messageId);
    }, 30_000, "the template for the operator's reply");
    expect(sent.data).toMatchObject({ template: TEMPLATE });
    const template = sentTo(waId).find((m) => m.type === 'template')!;
    expect(template.template).toEqual({ name: TEMPLATE, language: { code: 'de' } });
    expect(sentTo(waId).filter((m) => m.text?.body.includes('refund'))).toHaveLength(0);
  });
});

/** The sender alone against the fake Graph API, with an in-memory store and a clock the test sets. */
describe('WhatsAppSender', () => {
  class MemoryStore implements WhatsAppOutboundStore {
    parts = new Map<string, PartKind>();
    templates: string[] = [];
    constructor(private readonly waId: string, private readonly lastInbound?: Date) {}
    async recipientOf() {
      return this.waId;
    }
    async sentParts(messageId: string) {
      const sent = new Map<number, PartKind>();
      for (const [key, kind] of this.parts) if (key.startsWith(`${messageId}#`)) sent.set(Number(key.split('#')[1]), kind);
      return sent;
    }
    async recordPart(p: { messageId: string; part: number; kind: PartKind }) {
      this.parts.set(`${p.messageId}#${p.part}`, p.kind);
    }
    async lastInboundAt() {
      return this.lastInbound;
    }
    async recordTemplateUsed(use: { template: string }) {
      this.templates.push(use.template);
    }
  }

  const lastWrote = new Date('2026-03-01T10:00:00Z');
  const api = () => new WhatsAppGraphApi({
    verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET, accessToken: graph.accessToken, phoneNumberId: graph.phoneNumberId,
    apiBaseUrl: graph.baseUrl,
  });
  const message = (text: string) => ({ messageId: `out-${Math.random()}`, issueId: 'issue-1', customerId: 'c-1', text });

  it('sends text up to 24 hours after the customer wrote, the template after', async () => {
    const waId = newWaId();
    const store = new MemoryStore(waId, lastWrote);
    let now = new Date(lastWrote.getTime() + 23 * 3600_000 + 59 * 60_000);
    const sender = new WhatsAppSender(api(), store, { name: TEMPLATE, language: 'en_US' }, () => now);
    await sender.send(message('within the window'));
    expect(sentTo(waId).map((m) => m.type)).toEqual(['text']);
    now = new Date(lastWrote.getTime() + 24 * 3600_000);
    await sender.send(message('after the window'));
    expect(sentTo(waId).map((m) => m.type)).toEqual(['text', 'template']);
    expect(store.templates).toEqual([TEMPLATE]);
  });

  it('sends the CSAT question as text inside the window, and skips it (no template) outside', async () => {
    const waId = newWaId();
    const store = new MemoryStore(waId, lastWrote);
    let now = new Date(lastWrote.getTime() + 3600_000);
    const sender = new WhatsAppSender(api(), store, { name: TEMPLATE, language: 'en_US' }, () => now);
    await expect(sender.send({ ...message('How satisfied are you, from 1 to 5?'), csat: { kind: 'csat_question' } })).resolves.toBe(true);
    expect(sentTo(waId).map((m) => m.type)).toEqual(['text']);
    now = new Date(lastWrote.getTime() + 25 * 3600_000);
    // not pushed (kept in the history), and no paid template for a rating
    await expect(sender.send({ ...message('A quick reminder: 1 to 5?'), csat: { kind: 'csat_reminder' } })).resolves.toBe(false);
    expect(sentTo(waId).map((m) => m.type)).toEqual(['text']);
    expect(store.templates).toEqual([]);
  });

  it('fails for good with the reason when no template is configured', async () => {
    const sender = new WhatsAppSender(api(), new MemoryStore(newWaId(), lastWrote), undefined, () => new Date('2026-03-03T00:00:00Z'));
    const error = await sender.send(message('late')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toMatch(/more than 24 hours ago.*WHATSAPP_TEMPLATE_NAME is not set/);
  });

  it('falls back to the template when WhatsApp says the window is closed', async () => {
    const waId = newWaId();
    const store = new MemoryStore(waId, new Date());
    graph.failNext({ status: 400, code: 131047, message: 'Re-engagement message' });
    await new WhatsAppSender(api(), store, { name: TEMPLATE, language: 'en_US' }).send(message('hi'));
    expect(sentTo(waId).map((m) => m.type)).toEqual(['template']);
  });

  it("sends an operator's files after the text; a retry after a failed file sends only what is missing", async () => {
    const waId = newWaId();
    const store = new MemoryStore(waId, lastWrote);
    const sender = new WhatsAppSender(api(), store, { name: TEMPLATE, language: 'en_US' }, () => new Date(lastWrote.getTime() + 3600_000));
    const file = (name: string, contentType: string, bytes: Buffer) => ({ id: name, name, contentType, size: bytes.length, url: `/attachments/${name}`, read: async () => bytes });
    const pdf = Buffer.from('%PDF-1.4 label');
    const png = Buffer.from('\x89PNG photo');
    const reply = { ...message('Here are the label and a photo.'), attachments: [file('label.pdf', 'application/pdf', pdf), file('box.png', 'image/png', png)] };
    // the first file's upload fails on WhatsApp's side: the attempt stops there, after the text
    graph.failNextUpload({ status: 503, code: 2, message: 'Service temporarily unavailable' });
    await expect(sender.send(reply)).rejects.toThrow(/503/);
    expect(sentTo(waId).map((m) => m.type)).toEqual(['text']);
    await sender.send(reply);
    const sent = sentTo(waId);
    expect(sent.filter((m) => m.type === 'text')).toHaveLength(1);
    expect(sent.filter((m) => m.type === 'document').map((m) => m.media?.filename)).toEqual(['label.pdf']);
    expect(sent.filter((m) => m.type === 'image')).toHaveLength(1);
    const documentUpload = graph.uploads.find((u) => u.id === sent.find((m) => m.type === 'document')?.media?.id);
    expect(documentUpload).toMatchObject({ type: 'application/pdf', name: 'label.pdf', bytes: pdf });
  });

  it('splits long text, retries 429 and 5xx, gives up on other 4xx', async () => {
    const waId = newWaId();
    const sender = new WhatsAppSender(api(), new MemoryStore(waId, new Date()), undefined);
    const long = 'Wir prüfen jede Bestellung von Hand. '.repeat(150);
    await sender.send(message(long));
    expect(sentTo(waId).length).toBe(2);
    expect(sentTo(waId).every((m) => (m.text?.body.length ?? 0) <= 4096)).toBe(true);

    for (const [status, code] of [[429, 130429], [500, 131000]]) {
      graph.failNext({ status, code, message: 'try later' });
      const error = await sender.send(message('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    }
    graph.failNext({ status: 400, code: 131026, message: 'Message undeliverable' });
    await expect(sender.send(message('x'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
