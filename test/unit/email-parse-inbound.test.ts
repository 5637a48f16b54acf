import { parseInboundEmail, type InboundEmailResult } from '../../src/channels/email/parse-inbound';

const SUPPORT = 'support@example.com';

function mime(headers: Record<string, string>, body: string): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
}

const base = {
  From: '"Ann Smith" <Ann.Smith@Customer.test>',
  To: SUPPORT,
  Subject: 'Password',
  Date: 'Mon, 03 Jun 2024 10:15:00 +0000',
  'Message-ID': '<CAF1234@mail.customer.test>',
  'MIME-Version': '1.0',
};

async function parsed(raw: Buffer, envelopeFrom?: string) {
  const result: InboundEmailResult = await parseInboundEmail(raw, { supportAddress: SUPPORT, envelopeFrom });
  return result;
}

async function message(raw: Buffer) {
  const result = await parsed(raw);
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}: ${result.reason}`);
  return result.mail;
}

describe('parsing an inbound e-mail', () => {
  it('takes the sender (lower-cased), name, Message-ID and the plain-text part of a multipart mail', async () => {
    const raw = mime({ ...base, Subject: 'Account access', 'Content-Type': 'multipart/alternative; boundary="b1"' }, [
      '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'How do I reset my password?', '', 'Sent from my iPhone',
      '--b1', 'Content-Type: text/html; charset=utf-8', '', '<p>How do I <b>reset</b> my password?</p>', '--b1--', '',
    ].join('\n'));
    const mail = await message(raw);
    expect(mail).toMatchObject({
      externalMessageId: '<CAF1234@mail.customer.test>', messageIdHeader: '<CAF1234@mail.customer.test>',
      fromAddress: 'ann.smith@customer.test', fromName: 'Ann Smith', subject: 'Account access', references: [],
    });
    // the question itself: no signature, no subject added
    expect(mail.text).toBe('How do I reset my password?');
  });

  it('reads text from an HTML-only mail and decodes a Russian quoted-printable body and encoded subject', async () => {
    const html = await message(mime({ ...base, 'Content-Type': 'text/html; charset=utf-8' },
      '<html><body><p>My order <b>#123</b> is late.</p><blockquote>old</blockquote></body></html>'));
    expect(html.text).toContain('My order #123 is late.');
    const ru = await message(mime({
      ...base, Subject: '=?UTF-8?B?0KHQsdGA0L7RgSDQv9Cw0YDQvtC70Y8=?=',
      'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'quoted-printable',
    }, Buffer.from('Как сбросить пароль?\n\nОтправлено с iPhone').toString('utf8')
      .replace(/[^\x20-\x7e\n]/gu, (c) => [...Buffer.from(c)].map((b) => `=${b.toString(16).toUpperCase()}`).join(''))));
    expect(ru.subject).toBe('Сброс пароля');
    expect(ru.text).toBe('Как сбросить пароль?');
  });

  it('strips the quote of a reply and keeps its References', async () => {
    const mail = await message(mime({
      ...base, Subject: 'Re: Password', 'Message-ID': '<reply-1@customer.test>',
      'In-Reply-To': '<out-1@example.com>', References: '<CAF1234@mail.customer.test> <out-1@example.com>',
      'Content-Type': 'text/plain; charset=utf-8',
    }, 'It worked, thanks!\n\nOn Mon, Jun 3, 2024 at 10:15 AM Acme Support <support@example.com> wrote:\n> Open the sign-in page'));
    expect(mail.text).toBe('It worked, thanks!');
    expect(mail.references).toEqual(['<CAF1234@mail.customer.test>', '<out-1@example.com>']);
  });

  it('uses the subject when nothing is left of the body', async () => {
    const mail = await message(mime({ ...base, Subject: 'Cancel my subscription', 'Content-Type': 'text/plain' }, '-- \nAnn'));
    expect(mail.text).toBe('Cancel my subscription');
  });

  it('identifies a mail without Message-ID by its content, the same over re-delivery through another relay', async () => {
    const { 'Message-ID': _dropped, ...noId } = base;
    const first = await message(mime({ 'Received': 'from a.relay by mx1', ...noId, 'Content-Type': 'text/plain' }, 'Hello?'));
    const again = await message(mime({ 'Received': 'from b.relay by mx2', 'Delivered-To': SUPPORT, ...noId, 'Content-Type': 'text/plain' }, 'Hello?'));
    expect(first.externalMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.externalMessageId).toBe(first.externalMessageId);
    expect(first.messageIdHeader).toBeUndefined();
    const other = await message(mime({ ...noId, 'Content-Type': 'text/plain' }, 'Hello, anyone?'));
    expect(other.externalMessageId).not.toBe(first.externalMessageId);
  });

  it('refuses a mail without a valid sender or without any text, with the reason', async () => {
    const { From: _from, ...noFrom } = base;
    expect(await parsed(mime({ ...noFrom, 'Content-Type': 'text/plain' }, 'hi'))).toEqual({
      kind: 'rejected', reason: 'the message has no valid From address',
    });
    expect(await parsed(mime({ ...base, From: 'not an address', 'Content-Type': 'text/plain' }, 'hi'))).toMatchObject({ kind: 'rejected' });
    expect(await parsed(mime({ ...base, Subject: '', 'Content-Type': 'text/plain' }, '\n> only a quote\n'))).toEqual({
      kind: 'rejected', reason: 'the message has neither text nor a subject',
    });
  });

  it('ignores auto-replies, bounces and mail from the support address itself (no reply loops)', async () => {
    const ooo = await parsed(mime({ ...base, 'Auto-Submitted': 'auto-replied', 'Content-Type': 'text/plain' }, 'I am out of office'));
    expect(ooo).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('Auto-Submitted') });
    expect(await parsed(mime({ ...base, Precedence: 'bulk', 'Content-Type': 'text/plain' }, 'Newsletter'))).toMatchObject({ kind: 'ignored' });
    expect(await parsed(mime({ ...base, 'Content-Type': 'text/plain' }, 'bounce'), '')).toMatchObject({ kind: 'ignored' });
    expect(await parsed(mime({ ...base, From: SUPPORT, 'Content-Type': 'text/plain' }, 'loop'))).toMatchObject({ kind: 'ignored' });
    expect(await parsed(mime({ ...base, 'Auto-Submitted': 'no', 'Content-Type': 'text/plain' }, 'a person wrote this'))).toMatchObject({ kind: 'message' });
  });

  it('cuts a very long mail to the message limit instead of refusing it', async () => {
    const mail = await message(mime({ ...base, 'Content-Type': 'text/plain' }, 'word '.repeat(5_000)));
    expect(mail.text.length).toBe(8_000);
    expect(mail.text.endsWith('…')).toBe(true);
  });
});
