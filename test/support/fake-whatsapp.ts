/**
 * A fake WhatsApp Cloud API (Graph API) on loopback: POST /v21.0/<phone number id>/messages with a bearer token,
 * answering `{messaging_product, contacts, messages: [{id: "wamid..."}]}` or a Graph error
 * `{error: {message, type, code, error_data, fbtrace_id}}`. Records every sent message. Media as the Cloud API
 * serves it: GET /v21.0/<media id> answers `{url, mime_type, sha256, file_size, id}` and the url gives the bytes
 * only with the same bearer token; POST /v21.0/<phone number id>/media (multipart `file`, `type`,
 * `messaging_product`) takes an upload and answers `{id}`. Also builds signed webhook posts the way Meta sends them.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentWhatsAppMessage {
  wamid: string;
  to: string;
  type: 'text' | 'template' | 'image' | 'document' | 'audio' | 'video';
  text?: { body: string };
  template?: { name: string; language: { code: string } };
  /** a media message: the uploaded media id (or a link), with a document's file name */
  media?: { id?: string; link?: string; filename?: string; caption?: string };
}

/** A file uploaded to POST /<phone number id>/media. */
export interface WhatsAppUpload {
  id: string;
  type: string;
  name: string;
  bytes: Buffer;
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
  /** files we uploaded for sending */
  uploads: WhatsAppUpload[];
  failNextUpload(...answers: GraphErrorAnswer[]): void;
  /** a customer's file, served as Meta serves media; returns its media id for a webhook */
  addMedia(bytes: Buffer, mimeType: string): string;
  /** answer each message this long after taking it (the message counts as sent on arrival) */
  answerAfterMs: number;
  close(): Promise<void>;
}

/** A multipart/form-data body, read the way a server would (the fetch API's own parser). */
export async function readForm(req: IncomingMessage): Promise<FormData | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: Buffer.concat(chunks) }).formData();
  } catch {
    return undefined;
  }
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
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  const uploads: WhatsAppUpload[] = [];
  const uploadFailures: GraphErrorAnswer[] = [];
  const server = createServer(async (req, res) => {
    const graphError = (status: number, code: number, message: string, type = 'OAuthException') => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type, code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AbCdEf' } }));
    };
    const authorized = req.headers.authorization === `Bearer ${accessToken}`;
    const download = /^\/media-download\/([\w-]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && download) {
      // the media URL is useless without the token, as Meta's lookaside URLs are
      if (!authorized) return graphError(401, 190, 'Invalid OAuth access token');
      const file = media.get(download[1]!);
      if (!file) return graphError(404, 100, 'media not found');
      res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.bytes.length) });
      return res.end(file.bytes);
    }
    const mediaInfo = /^\/v21\.0\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && mediaInfo) {
      if (!authorized) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      const file = media.get(mediaInfo[1]!);
      if (!file) return graphError(400, 100, 'Unsupported get request. Object with ID does not exist', 'GraphMethodException');
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({
        messaging_product: 'whatsapp', url: `${origin()}/media-download/${mediaInfo[1]}`, mime_type: file.mimeType,
        sha256: createHash('sha256').update(file.bytes).digest('hex'), file_size: file.bytes.length, id: mediaInfo[1],
      }));
    }
    if (req.method === 'POST' && req.url === `/v21.0/${phoneNumberId}/media`) {
      if (!authorized) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      const form = await readForm(req);
      const failure = uploadFailures.shift();
      if (failure) return graphError(failure.status, failure.code, failure.message);
      const file = form?.get('file');
      if (!form || form.get('messaging_product') !== 'whatsapp' || !(file instanceof Blob) || typeof form.get('type') !== 'string') {
        return graphError(400, 100, 'Param file must be a file with one of the following types: ...');
      }
      const id = String(10n ** 15n + BigInt(randomBytes(6).readUIntBE(0, 6)));
      uploads.push({ id, type: String(form.get('type')), name: (file as File).name, bytes: Buffer.from(await file.arrayBuffer()) });
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id }));
    }
    if (req.method !== 'POST' || req.url !== `/v21.0/${phoneNumberId}/messages`) {
      return graphError(400, 100, 'Unsupported post request.', 'GraphMethodException');
    }
    if (!authorized) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
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
    const mediaObject = ['image', 'document', 'audio', 'video'].includes(body.type) ? body[body.type] : undefined;
    if (mediaObject !== undefined) {
      const known = typeof mediaObject?.id === 'string' && uploads.some((u) => u.id === mediaObject.id);
      if (!known && typeof mediaObject?.link !== 'string') return graphError(400, 131053, 'Media upload error');
    }
    const wamid = `wamid.${randomBytes(18).toString('base64url')}`;
    sent.push({ wamid, to: body.to, type: body.type, text: body.text, template: body.template, ...(mediaObject ? { media: mediaObject } : {}) });
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
  const origin = () => `http://127.0.0.1:${port}`;
  const fake: FakeWhatsApp = {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    phoneNumberId,
    accessToken,
    sent,
    failNext(...answers) {
      failures.push(...answers);
    },
    uploads,
    failNextUpload(...answers) {
      uploadFailures.push(...answers);
    },
    addMedia(bytes, mimeType) {
      const id = String(10n ** 15n + BigInt(randomBytes(6).readUIntBE(0, 6)));
      media.set(id, { bytes, mimeType });
      return id;
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

/** A customer's image, document, audio, video or sticker message: the media id to fetch, as Meta posts it. */
export function whatsAppMediaWebhook(phoneNumberId: string, m: {
  waId: string; name: string; wamid: string; type: 'image' | 'document' | 'audio' | 'video' | 'sticker';
  mediaId: string; mimeType: string; caption?: string; filename?: string;
}) {
  return envelope(phoneNumberId, {
    contacts: [{ profile: { name: m.name }, wa_id: m.waId }],
    messages: [{
      from: m.waId, id: m.wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: m.type,
      [m.type]: {
        id: m.mediaId, mime_type: m.mimeType, sha256: 'not-checked-by-switchboard',
        ...(m.caption !== undefined ? { caption: m.caption } : {}), ...(m.filename !== undefined ? { filename: m.filename } : {}),
      },
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
