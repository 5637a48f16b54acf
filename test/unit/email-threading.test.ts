import { ConfigError } from '../../src/config-error';
import { textToHtml } from '../../src/channels/email/render-html';
import { classifySmtpError } from '../../src/channels/email/sender';
import { loadEmailSettings } from '../../src/channels/email/settings';
import { buildReferences, outboundMessageId, parseMessageIds, replySubject } from '../../src/channels/email/threading';
import { PermanentDeliveryError } from '../../src/channels/outbound';

describe('e-mail threading headers', () => {
  it('derives a stable, valid Message-ID from our message id and the support domain', () => {
    const id = outboundMessageId('4f1c2a9e-0b7d-4c55-9a0e-1d2c3b4a5f6e:out:3', 'Support@Example.COM');
    expect(id).toBe('<4f1c2a9e-0b7d-4c55-9a0e-1d2c3b4a5f6e.out.3@example.com>');
    expect(outboundMessageId('4f1c2a9e-0b7d-4c55-9a0e-1d2c3b4a5f6e:out:3', 'support@example.com')).toBe(id);
    expect(outboundMessageId('a <b>\r\nInjected: yes', 'support@example.com')).toBe('<a..b...Injected..yes@example.com>');
  });

  it('answers with one "Re:" however many prefixes the subject carries', () => {
    expect(replySubject('Password')).toBe('Re: Password');
    expect(replySubject('Re: RE: Fwd: Password')).toBe('Re: Password');
    expect(replySubject('AW: Passwort')).toBe('Re: Passwort');
    expect(replySubject('Ответ: Сброс пароля')).toBe('Re: Сброс пароля');
    expect(replySubject(undefined)).toBe('Re: Your support request');
    expect(replySubject('  ')).toBe('Re: Your support request');
  });

  it('builds References: what the parent referenced, the conversation before it, the parent last', () => {
    expect(buildReferences([], ['<c1@x>'], '<c1@x>')).toEqual(['<c1@x>']);
    expect(buildReferences(['<c1@x>', '<o1@s>'], ['<c1@x>', '<o1@s>', '<c2@x>', '<o2@s>'], '<c2@x>'))
      .toEqual(['<c1@x>', '<o1@s>', '<c2@x>']);
    const long = Array.from({ length: 40 }, (_, i) => `<m${i}@x>`);
    const refs = buildReferences([], long, '<m39@x>');
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe('<m0@x>');
    expect(refs.at(-1)).toBe('<m39@x>');
    expect(parseMessageIds('<a@x>\r\n <b@y> junk')).toEqual(['<a@x>', '<b@y>']);
    expect(parseMessageIds(['<a@x>', '<b@y>'])).toEqual(['<a@x>', '<b@y>']);
  });

  it('renders the HTML part from the text, escaping everything', () => {
    const html = textToHtml('Hi <script>alert(1)</script> & "you"\nline two\n\nNew paragraph');
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;you&quot;<br>\nline two</p>');
    expect(html).toContain('>New paragraph</p>');
    expect(html).not.toContain('<script>');
  });

  it('treats a 5xx refusal of the recipient or message as permanent, everything else as retryable', () => {
    const rcpt = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <nobody@customer.test>: no such user', command: 'RCPT TO',
    });
    expect(classifySmtpError(rcpt)).toBeInstanceOf(PermanentDeliveryError);
    expect(classifySmtpError(rcpt).message).toContain('no such user');
    const greylisted = Object.assign(new Error('try later'), { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' });
    expect(classifySmtpError(greylisted)).not.toBeInstanceOf(PermanentDeliveryError);
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2526'), { code: 'ESOCKET' });
    expect(classifySmtpError(down)).toBe(down);
    const authFailed = Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' });
    expect(classifySmtpError(authFailed)).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('e-mail channel settings', () => {
  it('is off without SUPPORT_EMAIL_ADDRESS and needs SMTP_URL when on', () => {
    expect(loadEmailSettings({})).toBeUndefined();
    expect(() => loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'support@example.com' })).toThrow(ConfigError);
    expect(() => loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'support@example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'nope', SMTP_URL: 'smtp://127.0.0.1:2526' })).toThrow(/e-mail address/);
    expect(() => loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'a@b.test', SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
  });

  it('defaults to port 2525 on all interfaces with a 10 MB limit; port 0 means any free port', () => {
    expect(loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'Support@Example.com', SMTP_URL: 'smtp://127.0.0.1:2526' })).toEqual({
      supportAddress: 'support@example.com', supportName: undefined, smtpUrl: 'smtp://127.0.0.1:2526',
      listenHost: '0.0.0.0', listenPort: 2525, maxMessageBytes: 10 * 1024 * 1024, maxClients: 20,
    });
    expect(loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'a@b.test', SMTP_URL: 'smtp://x:1', EMAIL_AUTHSERV_ID: 'MX.B.test', SMTP_MAX_CLIENTS: '5' }))
      .toMatchObject({ authservId: 'mx.b.test', maxClients: 5 });
    expect(() => loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'a@b.test', SMTP_URL: 'smtp://x:1', EMAIL_AUTHSERV_ID: 'mx b; dmarc=pass' })).toThrow(/EMAIL_AUTHSERV_ID/);
    expect(loadEmailSettings({ SUPPORT_EMAIL_ADDRESS: 'a@b.test', SMTP_URL: 'smtps://u:p@smtp.b.test:465', SMTP_LISTEN_PORT: '0' })?.listenPort).toBe(0);
  });
});
