/**
 * Every inbound parser, fed arbitrary strings (NUL, control characters, lone surrogates, huge texts): it never
 * throws, it only answers with a validation result, and whatever it accepts can be stored by PostgreSQL (no NUL
 * in text, no NUL or unpaired surrogate in jsonb).
 */
import fc from 'fast-check';
import { parseInboundEmail } from '../../src/channels/email/parse-inbound';
import { actionFor, telegramUpdateSchema } from '../../src/channels/telegram/update-schema';
import { messagesValueSchema, readMessagesValue, whatsAppWebhookSchema } from '../../src/channels/whatsapp/webhook-schema';
import { widgetMessageSchema } from '../../src/channels/widget/widget-routes';
import { isStorableText, normaliseText, optionalSafeText, safeId, safeText, truncateText } from '../../src/domain/safe-text';
import { apiMessageSchema } from '../../src/gateway/routes/api-channel-routes';
import { nastyString, nastyValue, stringsIn } from '../support/nasty-strings';

// eslint-disable-next-line no-control-regex
const REMOVED_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const RUNS = { numRuns: 300 };

function expectStorable(value: unknown): void {
  for (const s of stringsIn(value)) {
    expect(isStorableText(s)).toBe(true);
    expect(s).not.toMatch(REMOVED_CONTROLS);
  }
}

describe('safe text', () => {
  it('normalised text never holds NUL, other C0 controls or unpaired surrogates, and normalising is idempotent', () => {
    fc.assert(fc.property(nastyString, (s) => {
      const n = normaliseText(s);
      expect(isStorableText(n)).toBe(true);
      expect(n).not.toMatch(REMOVED_CONTROLS);
      expect(normaliseText(n)).toBe(n);
    }), RUNS);
  });

  it('keeps tabs, line breaks, pairs and ordinary text, removes NUL, replaces lone surrogates', () => {
    expect(normaliseText('a\tb\r\nc 😀 д')).toBe('a\tb\r\nc 😀 д');
    expect(normaliseText('he\u0000llo\u0007')).toBe('hello');
    expect(normaliseText('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    expect(normaliseText('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
  });

  it('safeText accepts only non-empty storable text within max; anything else is a validation failure', () => {
    const schema = safeText({ max: 100 });
    fc.assert(fc.property(nastyValue, (v) => {
      const result = schema.safeParse(v);
      if (result.success) {
        expectStorable(result.data);
        expect(result.data.length).toBeGreaterThan(0);
        expect(result.data.length).toBeLessThanOrEqual(100);
      }
    }), RUNS);
    expect(schema.safeParse('\u0000 \u0001').success).toBe(false);
    expect(schema.safeParse(' hi\u0000 ').data).toBe('hi');
  });

  it('optionalSafeText turns what is empty after normalising into undefined', () => {
    const schema = optionalSafeText({ max: 10 });
    fc.assert(fc.property(nastyValue, (v) => {
      const result = schema.safeParse(v);
      if (result.success) expectStorable(result.data);
    }), RUNS);
    expect(schema.parse('\u0000')).toBeUndefined();
    expect(schema.parse(undefined)).toBeUndefined();
  });

  it('safeId refuses any control character or lone surrogate instead of changing the id', () => {
    const schema = safeId({ max: 200 });
    fc.assert(fc.property(nastyValue, (v) => {
      const result = schema.safeParse(v);
      if (result.success) {
        expectStorable(result.data);
        expect(result.data).toBe((v as string).trim());
      }
    }), RUNS);
    expect(schema.safeParse('m-\u00001').success).toBe(false);
    expect(schema.safeParse('m-\uD8001').success).toBe(false);
    expect(schema.safeParse('m-😀-1').success).toBe(true);
  });

  it('truncation never cuts a surrogate pair', () => {
    fc.assert(fc.property(nastyString, fc.integer({ min: 2, max: 50 }), (s, max) => {
      const t = truncateText(normaliseText(s), max);
      expect(t.length).toBeLessThanOrEqual(max);
      expect(isStorableText(t)).toBe(true);
    }), RUNS);
  });
});

describe('API channel message body', () => {
  it('never throws and accepts only storable strings', () => {
    const body = fc.record({
      messageId: nastyValue,
      customer: fc.record({ externalId: nastyValue, name: nastyValue, email: nastyValue, phone: nastyValue },
        { requiredKeys: ['externalId'] }),
      text: nastyValue,
    });
    fc.assert(fc.property(body, (b) => {
      const result = apiMessageSchema.safeParse(b);
      if (result.success) expectStorable(result.data);
    }), RUNS);
  });

  it('removes NUL from the text and the name; refuses it in ids; refuses a text empty after that', () => {
    const ok = apiMessageSchema.parse({ messageId: 'm-1', customer: { externalId: 'u-1', name: 'A\u0000nn' }, text: 'hi\u0000 there\uD800' });
    expect(ok).toMatchObject({ customer: { name: 'Ann' }, text: 'hi there\uFFFD' });
    expect(apiMessageSchema.safeParse({ messageId: 'm-\u00001', customer: { externalId: 'u-1' }, text: 'hi' }).success).toBe(false);
    expect(apiMessageSchema.safeParse({ messageId: 'm-1', customer: { externalId: 'u\u0000' }, text: 'hi' }).success).toBe(false);
    expect(apiMessageSchema.safeParse({ messageId: 'm-1', customer: { externalId: 'u-1' }, text: '\u0000\u0000' }).success).toBe(false);
  });
});

describe('widget message body', () => {
  it('never throws and accepts only storable strings', () => {
    fc.assert(fc.property(fc.record({ messageId: fc.oneof(nastyValue, fc.constant('msg-12345678')), text: nastyValue }), (b) => {
      const result = widgetMessageSchema.safeParse(b);
      if (result.success) expectStorable(result.data);
    }), RUNS);
    expect(widgetMessageSchema.parse({ messageId: 'msg-12345678', text: 'a\u0000b' }).text).toBe('ab');
  });
});

describe('Telegram update', () => {
  const update = (message: Record<string, unknown>) => ({
    update_id: 7,
    message: { message_id: 1, date: 1_700_000_000, chat: { id: 42, type: 'private' }, ...message },
  });

  it('never throws; an accepted message has storable text within Telegram\'s limit and a storable name', () => {
    const message = fc.record({
      from: fc.record({ id: fc.constant(42), is_bot: fc.constant(false), first_name: nastyValue, last_name: nastyValue },
        { requiredKeys: ['id', 'is_bot', 'first_name'] }),
      text: nastyValue,
      caption: nastyValue,
    }, { requiredKeys: ['from'] });
    fc.assert(fc.property(message, (m) => {
      const result = telegramUpdateSchema.safeParse(update(m));
      if (!result.success) return;
      const action = actionFor(result.data);
      expectStorable(action);
      if (action.kind === 'message') expect(action.text.length).toBeLessThanOrEqual(4_096);
    }), RUNS);
  });

  it('refuses text over 4,096 and captions over 1,024 characters', () => {
    const from = { id: 42, is_bot: false, first_name: 'Ann' };
    expect(telegramUpdateSchema.safeParse(update({ from, text: 'x'.repeat(250_000) })).success).toBe(false);
    expect(telegramUpdateSchema.safeParse(update({ from, text: 'x'.repeat(4_096) })).success).toBe(true);
    expect(telegramUpdateSchema.safeParse(update({ from, caption: 'x'.repeat(1_025) })).success).toBe(false);
  });

  it('a text that is only control characters is acknowledged as no text', () => {
    const parsed = telegramUpdateSchema.parse(update({ from: { id: 42, is_bot: false, first_name: '\u0000' }, text: '\u0000\u0001' }));
    expect(actionFor(parsed)).toEqual({ kind: 'ignored', reason: 'no text' });
  });
});

describe('WhatsApp webhook', () => {
  it('never throws; accepted texts, names, ids and status errors are storable', () => {
    const message = fc.record({
      from: fc.oneof(nastyValue, fc.constant('4915112345678')),
      id: nastyValue,
      timestamp: fc.oneof(nastyValue, fc.constant('1700000000')),
      type: fc.constantFrom('text', 'button', 'interactive', 'image'),
      text: fc.record({ body: nastyValue }),
      button: fc.record({ text: nastyValue }),
      interactive: fc.record({ type: fc.constant('button_reply'), button_reply: fc.record({ title: nastyValue }) }),
    });
    const status = fc.record({
      id: nastyValue, status: nastyValue, timestamp: fc.constant('1700000000'),
      errors: fc.array(fc.record({ code: fc.constant(131026), title: nastyValue, message: nastyValue }), { maxLength: 2 }),
    });
    const value = fc.record({
      messaging_product: fc.constant('whatsapp'),
      metadata: fc.record({ phone_number_id: fc.constant('1065') }),
      contacts: fc.array(fc.record({ wa_id: fc.constant('4915112345678'), profile: fc.record({ name: nastyValue }) }), { maxLength: 2 }),
      messages: fc.array(message, { maxLength: 3 }),
      statuses: fc.array(status, { maxLength: 2 }),
    });
    fc.assert(fc.property(value, (v) => {
      const envelope = whatsAppWebhookSchema.safeParse({
        object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: v }] }],
      });
      expect(envelope.success).toBe(true);
      const result = messagesValueSchema.safeParse(v);
      if (!result.success) return;
      expectStorable(readMessagesValue(result.data));
    }), RUNS);
  });
});

describe('inbound e-mail (raw RFC 822)', () => {
  const encodedWord = (s: string) => `=?UTF-16LE?B?${Buffer.from(s, 'utf16le').toString('base64')}?=`;
  const printable = (s: string) => s.replace(/[\r\n]/g, ' ');

  it('never throws; an accepted mail has a storable subject, name, Message-ID and text', async () => {
    const mail = fc.record({
      name: nastyString, subject: nastyString, messageId: nastyString, body: nastyString,
      encoded: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(mail, async (m) => {
      const headerText = (s: string) => (m.encoded ? encodedWord(s) : printable(s));
      const body = m.encoded
        ? Buffer.from(m.body, 'utf16le').toString('base64')
        : m.body;
      const raw = Buffer.from([
        `From: ${headerText(m.name)} <ann@customer.test>`,
        'To: support@example.com',
        `Subject: ${headerText(m.subject)}`,
        `Message-ID: <${printable(m.messageId)}@customer.test>`,
        'MIME-Version: 1.0',
        `Content-Type: text/plain; charset=${m.encoded ? 'utf-16le' : 'utf-8'}`,
        `Content-Transfer-Encoding: ${m.encoded ? 'base64' : '8bit'}`,
        '',
        body,
      ].join('\r\n'), 'utf8');
      const result = await parseInboundEmail(raw, { supportAddress: 'support@example.com', envelopeFrom: 'ann@customer.test' });
      expect(['message', 'ignored', 'rejected']).toContain(result.kind);
      if (result.kind === 'message') expectStorable(result.mail);
    }), { numRuns: 100 });
  });

  it('a NUL in Subject, Message-ID and body is removed; the Message-ID then falls back to a content hash', async () => {
    // mailparser turns a raw NUL in a header into a space; encoded words and quoted-printable carry it through
    const raw = Buffer.from([
      'From: =?UTF-8?Q?A=00nn?= <ann@customer.test>', 'To: support@example.com', 'Subject: =?UTF-8?B?UGFzcwB3b3Jk?=',
      'Message-ID: <a\u0000b@customer.test>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable', '', 'How do I=00 reset my password?',
    ].join('\r\n'));
    const result = await parseInboundEmail(raw, { supportAddress: 'support@example.com' });
    expect(result).toMatchObject({
      kind: 'message',
      mail: { subject: 'Password', fromName: 'Ann', text: 'How do I reset my password?', externalMessageId: expect.stringMatching(/^sha256:/) },
    });
  });
});
