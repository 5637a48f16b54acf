import type { Update } from '@grammyjs/types';
import { loadTelegramSettings } from '../../src/channels/telegram/settings';
import { secretTokenMatches } from '../../src/channels/telegram/secret-token';
import { actionFor, telegramUpdateSchema } from '../../src/channels/telegram/update-schema';
import { ConfigError } from '../../src/config-error';

const from = { id: 42, is_bot: false, first_name: 'Ann', last_name: 'Lee', language_code: 'en' };
const update = (text?: string, chatType: 'private' | 'group' = 'private'): Update => ({
  update_id: 9001,
  message: {
    message_id: 5, date: 1_700_000_000, from,
    chat: chatType === 'private' ? { id: 42, type: 'private', first_name: 'Ann' } : { id: -100, type: 'group', title: 'Team' },
    ...(text === undefined ? { photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }] } : { text }),
  } as Update['message'],
});

const act = (u: unknown) => actionFor(telegramUpdateSchema.parse(u));

describe('Telegram updates', () => {
  it('turns a private text message into a customer message keyed by the update id', () => {
    expect(act(update('  Where is my order?  '))).toEqual({
      kind: 'message', userId: '42', name: 'Ann Lee', externalMessageId: '9001', text: 'Where is my order?',
    });
  });

  it('greets /start (also with a deep-link payload or the bot name)', () => {
    for (const text of ['/start', '/start ref-123', '/start@SupportBot']) {
      expect(act(update(text))).toEqual({ kind: 'start', chatId: 42, firstName: 'Ann' });
    }
    expect(act(update('/started something')).kind).toBe('message');
  });

  it('takes a photo without a caption as a message with its file (the largest size)', () => {
    expect(act(update())).toMatchObject({ kind: 'message', text: '', files: [{ fileId: 'f', name: expect.stringMatching(/^photo-\d+\.jpg$/) }] });
  });

  it('ignores what it cannot answer: no text, groups, bots, other update kinds', () => {
    expect(act({ update_id: 3, message: { ...update('hi').message, text: undefined } })).toMatchObject({ kind: 'ignored', reason: 'no text' });
    expect(act(update('hi', 'group'))).toMatchObject({ kind: 'ignored', reason: 'not a private chat' });
    expect(act({ update_id: 1, message: { ...update('hi').message, from: { ...from, is_bot: true } } }).kind).toBe('ignored');
    expect(act({ update_id: 2, edited_message: update('hi').message }).kind).toBe('ignored');
  });

  it('rejects a body that is not an update', () => {
    expect(telegramUpdateSchema.safeParse({ message: update('hi').message }).success).toBe(false);
    expect(telegramUpdateSchema.safeParse({ update_id: 'x' }).success).toBe(false);
    expect(telegramUpdateSchema.safeParse({ update_id: 1, message: { text: 'no chat' } }).success).toBe(false);
  });
});

describe('Telegram settings and secret token', () => {
  it('is off without a bot token and needs a webhook secret with one', () => {
    expect(loadTelegramSettings({})).toBeUndefined();
    expect(() => loadTelegramSettings({ TELEGRAM_BOT_TOKEN: '1:abc' })).toThrow(ConfigError);
    expect(() => loadTelegramSettings({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_SECRET: 'has space' })).toThrow(/A-Z/);
    expect(() => loadTelegramSettings({ TELEGRAM_BOT_TOKEN: 'nonsense', TELEGRAM_WEBHOOK_SECRET: 's' })).toThrow(/bot token/);
    expect(loadTelegramSettings({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_SECRET: 's3cret' })).toEqual({
      botToken: '1:abc', webhookSecret: 's3cret', apiBaseUrl: 'https://api.telegram.org',
    });
    expect(loadTelegramSettings({
      TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_SECRET: 's', TELEGRAM_API_BASE_URL: 'http://127.0.0.1:8081/',
    })?.apiBaseUrl).toBe('http://127.0.0.1:8081');
  });

  it('accepts only the exact secret token', () => {
    expect(secretTokenMatches('s3cret', 's3cret')).toBe(true);
    expect(secretTokenMatches('s3cret', 's3cre')).toBe(false);
    expect(secretTokenMatches('s3cret', undefined)).toBe(false);
    expect(secretTokenMatches('s3cret', ['s3cret'])).toBe(false);
  });
});
