/**
 * A fake Telegram Bot API on loopback: POST /bot<token>/<method> with a JSON body, answering like the real one
 * (`{ok: true, result}` or `{ok: false, error_code, description, parameters?}`). Records every sendMessage.
 * Tests can queue error answers for the next calls.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, Update } from '@grammyjs/types';

export interface SentTelegramMessage {
  chat_id: number;
  text: string;
}

export interface TelegramErrorAnswer {
  status: number;
  description: string;
  retryAfter?: number;
}

export interface FakeTelegram {
  baseUrl: string;
  token: string;
  sent: SentTelegramMessage[];
  /** every call: method name and body */
  calls: { method: string; body: Record<string, unknown> }[];
  /** the next sendMessage calls answer these, in order (null: answer normally) */
  failNext(...answers: (TelegramErrorAnswer | null)[]): void;
  /** every file sent with sendPhoto / sendDocument */
  sentFiles: { chat_id: number; method: string; name: string; bytes: Buffer }[];
  /** makes a file downloadable by getFile (as if a customer had sent it); returns its file_id */
  addFile(bytes: Buffer, path: string): string;
  /** answer each sendMessage this long after taking it (the message counts as sent on arrival) */
  answerAfterMs: number;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

export async function startFakeTelegram(token = '123456:TEST-token_abc'): Promise<FakeTelegram> {
  const sent: SentTelegramMessage[] = [];
  const calls: FakeTelegram['calls'] = [];
  const failures: (TelegramErrorAnswer | null)[] = [];
  const files = new Map<string, { bytes: Buffer; path: string }>();
  const sentFiles: FakeTelegram['sentFiles'] = [];
  let nextMessageId = 1000;
  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // file downloads: GET /file/bot<token>/<file_path>, the path getFile answered
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (download && req.method === 'GET') {
      const stored = download[1] === token ? [...files.values()].find((f) => f.path === download[2]) : undefined;
      if (!stored) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stored.bytes.length });
      return res.end(stored.bytes);
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || req.method !== 'POST') return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2];
    if ((method === 'sendPhoto' || method === 'sendDocument') && /^multipart\/form-data/.test(req.headers['content-type'] ?? '')) {
      // a file upload as bots send it: multipart/form-data with chat_id and the file in `photo` or `document`
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type']! } }).formData();
      const file = form.get(method === 'sendPhoto' ? 'photo' : 'document');
      if (!(file instanceof Blob)) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: there is no file in the request' });
      const chatId = Number(form.get('chat_id'));
      sentFiles.push({ chat_id: chatId, method, name: (file as File).name, bytes: Buffer.from(await file.arrayBuffer()) });
      calls.push({ method, body: { chat_id: chatId } });
      return reply(200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' } } });
    }
    const body = await readJson(req).catch(() => undefined);
    if (!body) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    calls.push({ method, body });
    if (method === 'setWebhook') return reply(200, { ok: true, result: true, description: 'Webhook was set' });
    if (method === 'getFile') {
      const stored = files.get(String(body.file_id));
      if (!stored) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      // over 20 MB the Bot API answers the file without a path: bots cannot download it
      const tooBig = stored.bytes.length > 20 * 1024 * 1024;
      return reply(200, { ok: true, result: { file_id: body.file_id, file_unique_id: `u${body.file_id}`, file_size: stored.bytes.length, ...(tooBig ? {} : { file_path: stored.path }) } });
    }
    if (method !== 'sendMessage') return reply(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    const failure = failures.shift();
    if (failure) {
      return reply(failure.status, {
        ok: false, error_code: failure.status, description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    const text = String(body.text ?? '');
    if (!text) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    if (text.length > 4096) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    const chatId = Number(body.chat_id);
    sent.push({ chat_id: chatId, text });
    if (fake.answerAfterMs > 0) await new Promise((r) => setTimeout(r, fake.answerAfterMs));
    const result: Message.TextMessage = {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Customer' },
      from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Support', username: 'support_bot' },
      text,
    };
    return reply(200, { ok: true, result });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeTelegram = {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    sent,
    sentFiles,
    calls,
    failNext(...answers) {
      failures.push(...answers);
    },
    addFile(bytes, path) {
      const fileId = `AgAC${files.size + 1}${path.replace(/\W/g, '')}`;
      files.set(fileId, { bytes, path });
      return fileId;
    },
    answerAfterMs: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A private-chat text message update as Telegram sends it to the webhook. */
export function textUpdate(updateId: number, user: { id: number; first_name: string; last_name?: string }, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId + 7,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: 'private', first_name: user.first_name, last_name: user.last_name },
      from: { id: user.id, is_bot: false, first_name: user.first_name, last_name: user.last_name, language_code: 'en' },
      text,
    },
  };
}
