/**
 * A customer on Telegram, through the real gateway, worker, Temporal and database, with a fake Bot API on
 * loopback receiving the bot's sendMessage calls. The sender is also checked alone against the fake Bot API.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Update } from '@grammyjs/types';
import { PermanentDeliveryError } from '../../src/channels/outbound';
import { TelegramBotApi } from '../../src/channels/telegram/bot-api';
import type { OutboundStore, PartKind } from '../../src/channels/outbound-parts';
import { TelegramSender } from '../../src/channels/telegram/sender';
import { setTelegramWebhook } from '../../src/channels/telegram/set-webhook';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle } from '../support/system';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram';

const SECRET = 'tg-webhook-secret_123';
let sys: TestSystem;
let telegram: FakeTelegram;
// Unique per run: the test database may be shared with earlier runs.
let nextUserId = 700_000_000 + Math.floor(Math.random() * 100_000_000);
let nextUpdateId = Math.floor(Math.random() * 1_000_000_000);

beforeAll(async () => {
  telegram = await startFakeTelegram();
  sys = await startTestSystem({
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_BASE_URL: telegram.baseUrl,
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await telegram?.close();
});

function newUser() {
  return { id: nextUserId++, first_name: 'Olga', last_name: 'Petrova' };
}

function post(update: unknown, secret: string | null = SECRET) {
  return sys.api('POST', '/webhooks/telegram', {
    body: update, headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
  });
}

async function identityCount(userId: number): Promise<number> {
  const { rows } = await sys.db.query(
    `SELECT count(*)::int AS n FROM customer_identities WHERE channel = 'telegram' AND external_id = $1`, [String(userId)]);
  return rows[0].n;
}

async function issueCount(): Promise<number> {
  return (await sys.db.query('SELECT count(*)::int AS n FROM issues')).rows[0].n;
}

describe('Telegram channel end to end', () => {
  it('answers a question from the knowledge base with sendMessage to the customer\'s chat', async () => {
    const user = newUser();
    const res = await post(textUpdate(nextUpdateId++, user, 'How do I reset my password?'));
    expect(res.status).toBe(200);
    const answer = await eventually(async () => telegram.sent.find((m) => m.chat_id === user.id), 30_000, 'the answer');
    expect(answer.text).toContain('Forgot password');

    const { rows } = await sys.db.query(
      `SELECT c.display_name, m.author, m.channel, m.delivered_at FROM customer_identities i
         JOIN customers c ON c.id = i.customer_id JOIN messages m ON m.customer_id = c.id
        WHERE i.channel = 'telegram' AND i.external_id = $1 ORDER BY m.created_at`, [String(user.id)]);
    expect(rows.map((r) => r.author)).toEqual(['customer', 'assistant']);
    expect(rows[0]).toMatchObject({ display_name: 'Olga Petrova', channel: 'telegram' });
    await eventually(async () => {
      const { rows: delivered } = await sys.db.query(
        `SELECT m.delivered_at FROM messages m JOIN customer_identities i ON i.customer_id = m.customer_id
          WHERE i.channel = 'telegram' AND i.external_id = $1 AND m.author = 'assistant'`, [String(user.id)]);
      return delivered[0]?.delivered_at ? true : undefined;
    }, 10_000, 'the answer marked delivered');
  });

  it('answers a re-delivered update once', async () => {
    const user = newUser();
    const update = textUpdate(nextUpdateId++, user, 'reset password please');
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await eventually(async () => telegram.sent.find((m) => m.chat_id === user.id), 30_000, 'the answer');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(telegram.sent.filter((m) => m.chat_id === user.id)).toHaveLength(1);
    const { rows } = await sys.db.query(
      `SELECT count(*)::int AS n FROM messages m JOIN customer_identities i ON i.customer_id = m.customer_id
        WHERE i.channel = 'telegram' AND i.external_id = $1 AND m.author = 'customer'`, [String(user.id)]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses calls without the right secret token: 401, no customer, no issue', async () => {
    const user = newUser();
    const issuesBefore = await issueCount();
    const missing = await post(textUpdate(nextUpdateId++, user, 'hello'), null);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    const wrong = await post(textUpdate(nextUpdateId++, user, 'hello'), 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await identityCount(user.id)).toBe(0);
    expect(await issueCount()).toBe(issuesBefore);
  });

  it('refuses a malformed body with 400 and changes nothing', async () => {
    const user = newUser();
    const noUpdateId = await post({ message: textUpdate(1, user, 'hello').message });
    expect(noUpdateId.status).toBe(400);
    expect(noUpdateId.body.error.code).toBe('invalid_request');
    expect(noUpdateId.body.error.message).toMatch(/update_id/);
    const notJson = await sys.api('POST', '/webhooks/telegram', {
      raw: '{"update_id": 1, "message": ', headers: { 'x-telegram-bot-api-secret-token': SECRET },
    });
    expect(notJson.status).toBe(400);
    expect(await identityCount(user.id)).toBe(0);
  });

  it('greets /start on the webhook answer without opening an issue', async () => {
    const user = newUser();
    const res = await post(textUpdate(nextUpdateId++, user, '/start'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ method: 'sendMessage', chat_id: user.id });
    expect(res.body.text).toMatch(/^Hi Olga!/);
    expect(await identityCount(user.id)).toBe(0);
  });

  it('acknowledges updates without text (stickers, edits) and ignores them', async () => {
    const user = newUser();
    const sticker: Update = {
      update_id: nextUpdateId++,
      message: {
        message_id: 5, date: Math.floor(Date.now() / 1000),
        chat: { id: user.id, type: 'private', first_name: user.first_name },
        from: { id: user.id, is_bot: false, first_name: user.first_name },
        sticker: {
          file_id: 'CAACAgIAAxkBAAE', file_unique_id: 'AgAD', type: 'regular', width: 512, height: 512,
          is_animated: false, is_video: false,
        },
      },
    };
    const edited = { update_id: nextUpdateId++, edited_message: { ...textUpdate(0, user, 'edited').message, edit_date: 1 } };
    expect((await post(sticker)).status).toBe(200);
    expect((await post(edited)).status).toBe(200);
    expect(await identityCount(user.id)).toBe(0);
  });

  it('registers the webhook with the secret token, for messages and the CSAT button presses', async () => {
    await setTelegramWebhook(
      { botToken: telegram.token, webhookSecret: SECRET, apiBaseUrl: telegram.baseUrl },
      'https://support.example.com/webhooks/telegram',
    );
    expect(telegram.calls.at(-1)).toEqual({
      method: 'setWebhook',
      body: { url: 'https://support.example.com/webhooks/telegram', secret_token: SECRET, allowed_updates: ['message', 'callback_query'] },
    });
  });
});

/** The sender alone against the fake Bot API, with an in-memory store. */
describe('TelegramSender', () => {
  class MemoryStore implements OutboundStore {
    parts = new Map<string, { kind: PartKind; providerMessageId: string }>();
    constructor(private readonly chatId?: string) {}
    async recipientOf() {
      return this.chatId;
    }
    async sentParts(messageId: string) {
      const sent = new Map<number, PartKind>();
      for (const [key, value] of this.parts) {
        const [id, part] = key.split('#');
        if (id === messageId) sent.set(Number(part), value.kind);
      }
      return sent;
    }
    async recordPart(p: { messageId: string; part: number; providerMessageId: string; kind: PartKind }) {
      this.parts.set(`${p.messageId}#${p.part}`, { kind: p.kind, providerMessageId: p.providerMessageId });
    }
  }

  const message = (text: string) => ({ messageId: `out-${Math.random()}`, issueId: 'issue-1', customerId: 'c-1', text });
  const senderFor = (store: OutboundStore) =>
    new TelegramSender(new TelegramBotApi({ botToken: telegram.token, webhookSecret: SECRET, apiBaseUrl: telegram.baseUrl }), store);

  it('splits a long reply into parts within 4,096 characters and resumes after a failed part', async () => {
    const chatId = nextUserId++;
    const store = new MemoryStore(String(chatId));
    const paragraph = 'Our team checks every order by hand before it ships. '.repeat(40).trim();
    const out = message([paragraph, paragraph, paragraph].join('\n\n'));
    telegram.failNext(null, { status: 502, description: 'Bad Gateway' });
    const sender = senderFor(store);
    const first = await sender.send(out).catch((e: Error) => e);
    expect(first).toBeInstanceOf(Error);
    expect(first).not.toBeInstanceOf(PermanentDeliveryError);
    expect(telegram.sent.filter((m) => m.chat_id === chatId)).toHaveLength(1);
    await expect(sender.send(out)).resolves.toBe(true);
    const parts = telegram.sent.filter((m) => m.chat_id === chatId).map((m) => m.text);
    expect(parts).toEqual([paragraph, paragraph, paragraph]);
  });

  it('gives up for good when the user blocked the bot or the chat is gone', async () => {
    const sender = senderFor(new MemoryStore(String(nextUserId++)));
    telegram.failNext({ status: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(sender.send(message('hi'))).rejects.toEqual(
      new PermanentDeliveryError('Telegram sendMessage failed: 403 Forbidden: bot was blocked by the user'));
    telegram.failNext({ status: 400, description: 'Bad Request: chat not found' });
    await expect(sender.send(message('hi'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(senderFor(new MemoryStore(undefined)).send(message('hi'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('waits as long as Telegram asks on 429', async () => {
    const sender = senderFor(new MemoryStore(String(nextUserId++)));
    telegram.failNext({ status: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
    const error = await sender.send(message('hi')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: false, nextRetryDelay: '7s', type: 'TelegramRateLimited' });
  });
});
