/**
 * A fake WhatsApp Cloud API (Graph API) on loopback: POST /v21.0/<phone number id>/messages with a bearer token,
 * answering `{messaging_product, contacts, messages: [{id: "wamid..."}]}` or a Graph error
 * `{error: {message, type, code, error_data, fbtrace_id}}`. Records every sent message. Also builds signed
 * webhook posts the way Meta sends them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentWhatsAppMessage {
  wamid: string;
  to: string;
  type: 'text' | 'template';
  text?: { body: string };
  template?: { name: string; language: { code: string } };
}

export interface GraphErrorAnswer {
  status: number;
  code: number;
  message: string;
}

export interface FakeWhatsApp {
  /** like https://graph.facebook.com/v21.0 */
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  sent: SentWhatsAppMessage[];
  failNext(...answers: GraphErrorAnswer[]): void;
  /** answer each message this long after taking it (the message counts as sent on arrival) */
  answerAfterMs: number;
  close(): Promise<void>;
}

export function readJson(req: IncomingMessage): Promise<Record<string, any> | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

export async function startFakeWhatsApp(phoneNumberId = '106540352242922', accessToken = 'EAAtest-access-token'): Promise<FakeWhatsApp> {
  const sent: SentWhatsAppMessage[] = [];
  const failures: GraphErrorAnswer[] = [];
  const server = createServer(async (req, res) => {
    const graphError = (status: number, code: number, message: string, type = 'OAuthException') => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type, code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AbCdEf' } }));
    };
    if (req.method !== 'POST' || req.url !== `/v21.0/${phoneNumberId}/messages`) {
      return graphError(400, 100, 'Unsupported post request.', 'GraphMethodException');
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const body = await readJson(req);
    if (!body || body.messaging_product !== 'whatsapp' || typeof body.to !== 'string') {
      return graphError(400, 100, 'Invalid parameter');
    }
    const failure = failures.shift();
    if (failure) return graphError(failure.status, failure.code, failure.message);
    if (body.type === 'text' && !(typeof body.text?.body === 'string' && body.text.body.length > 0 && body.text.body.length <= 4096)) {
      return graphError(400, 100, 'Param text[\'body\'] must be at most 4096 characters long.');
    }
    if (body.type === 'template' && typeof body.template?.name !== 'string') return graphError(400, 132000, 'Template name does not exist');
    const wamid = `wamid.${randomBytes(18).toString('base64url')}`;
    sent.push({ wamid, to: body.to, type: body.type, text: body.text, template: body.template });
    if (fake.answerAfterMs > 0) await new Promise((r) => setTimeout(r, fake.answerAfterMs));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id: wamid, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeWhatsApp = {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    phoneNumberId,
    accessToken,
    sent,
    failNext(...answers) {
      failures.push(...answers);
    },
    answerAfterMs: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

export interface WhatsAppWebhookPayload {
  object: string;
  entry: { id: string; changes: { field: string; value: Record<string, any> }[] }[];
}

function envelope(phoneNumberId: string, value: Record<string, unknown>): WhatsAppWebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: '102290129340398',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
          ...value,
        },
      }],
    }],
  };
}

/** A customer's text message, as Meta posts it to the webhook. */
export function whatsAppTextWebhook(phoneNumberId: string, m: { waId: string; name: string; wamid: string; text: string; at?: Date }) {
  return envelope(phoneNumberId, {
    contacts: [{ profile: { name: m.name }, wa_id: m.waId }],
    messages: [{
      from: m.waId, id: m.wamid, timestamp: String(Math.floor((m.at ?? new Date()).getTime() / 1000)),
      text: { body: m.text }, type: 'text',
    }],
  });
}

/** A status of one of our messages (sent, delivered, read, failed). */
export function whatsAppStatusWebhook(phoneNumberId: string, s: { wamid: string; status: string; recipient: string; errors?: unknown[] }) {
  return envelope(phoneNumberId, {
    statuses: [{
      id: s.wamid, status: s.status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: s.recipient,
      ...(s.status === 'failed' ? {} : {
        conversation: { id: 'c0ffee', origin: { type: 'service' } },
        pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
      }),
      ...(s.errors ? { errors: s.errors } : {}),
    }],
  });
}

/** X-Hub-Signature-256 of a body, as Meta computes it with the app secret. */
export function signWhatsApp(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}
