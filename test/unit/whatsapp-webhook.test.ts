import { createHmac } from 'node:crypto';
import { serviceWindowOpen } from '../../src/channels/whatsapp/service-window';
import { loadWhatsAppSettings } from '../../src/channels/whatsapp/settings';
import { secretsEqual, hubSignatureMatches } from '../../src/channels/hub-signature';
import { messagesValueSchema, readMessagesValue } from '../../src/channels/whatsapp/webhook-schema';
import { ConfigError } from '../../src/config-error';

const value = (extra: Record<string, unknown>) => messagesValueSchema.parse({
  messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '1065' }, ...extra,
});

describe('WhatsApp webhook parsing', () => {
  it('reads text, button and list replies and files with the sender\'s profile name; skips other types', () => {
    const read = readMessagesValue(value({
      contacts: [{ profile: { name: 'Aylin' }, wa_id: '4915112345678' }],
      messages: [
        { from: '4915112345678', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: ' Hallo ' } },
        { from: '4915112345678', id: 'wamid.2', timestamp: '1700000001', type: 'button', button: { text: 'Yes', payload: 'y' } },
        { from: '4915112345678', id: 'wamid.3', timestamp: '1700000002', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'a', title: 'Billing' } } },
        { from: '4915112345678', id: 'wamid.4', timestamp: '1700000003', type: 'location', location: { latitude: 52.5, longitude: 13.4 } },
        { from: '4915112345678', id: 'wamid.5', timestamp: '1700000004', type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', caption: ' Broken ' } },
        { from: '4915112345678', id: 'wamid.6', timestamp: '1700000005', type: 'document', document: { id: '2479537139650973', mime_type: 'application/pdf', filename: 'invoice.pdf' } },
      ],
    }));
    expect(read.texts).toEqual([
      { waId: '4915112345678', name: 'Aylin', externalMessageId: 'wamid.1', text: 'Hallo', sentAt: new Date(1_700_000_000_000) },
      expect.objectContaining({ externalMessageId: 'wamid.2', text: 'Yes' }),
      expect.objectContaining({ externalMessageId: 'wamid.3', text: 'Billing' }),
      expect.objectContaining({ externalMessageId: 'wamid.5', text: 'Broken', media: { kind: 'image', id: '1479537139650973', mimeType: 'image/jpeg', filename: undefined } }),
      expect.objectContaining({ externalMessageId: 'wamid.6', text: '', media: { kind: 'document', id: '2479537139650973', mimeType: 'application/pdf', filename: 'invoice.pdf' } }),
    ]);
    expect(read.ignored).toEqual([{ externalMessageId: 'wamid.4', reason: 'unsupported message type location' }]);
  });

  it('reads statuses with their errors', () => {
    const read = readMessagesValue(value({
      statuses: [{ id: 'wamid.9', status: 'failed', timestamp: '1700000000', recipient_id: '49151', errors: [{ code: 131026, title: 'Message undeliverable' }] }],
    }));
    expect(read.statuses[0]).toMatchObject({ id: 'wamid.9', status: 'failed', errors: [{ code: 131026 }] });
  });

  it('rejects messages without a sender, an id or a timestamp', () => {
    const bad = (m: unknown) => messagesValueSchema.safeParse({ messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, messages: [m] }).success;
    expect(bad({ from: '49151', id: 'w', timestamp: '1', type: 'text' })).toBe(true);
    expect(bad({ id: 'w', timestamp: '1', type: 'text' })).toBe(false);
    expect(bad({ from: '49151', timestamp: '1', type: 'text' })).toBe(false);
    expect(bad({ from: '49151', id: 'w', timestamp: 'yesterday', type: 'text' })).toBe(false);
  });
});

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  const good = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;

  it('matches the HMAC of the exact raw bytes with the app secret', () => {
    expect(hubSignatureMatches('secret', body, good)).toBe(true);
    expect(hubSignatureMatches('secret', body, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(hubSignatureMatches('other', body, good)).toBe(false);
    expect(hubSignatureMatches('secret', Buffer.from(`${body.toString()} `), good)).toBe(false);
    expect(hubSignatureMatches('secret', body, good.slice(7))).toBe(false);
    expect(hubSignatureMatches('secret', body, undefined)).toBe(false);
  });

  it('compares the verify token exactly', () => {
    expect(secretsEqual('tok', 'tok')).toBe(true);
    expect(secretsEqual('tok', 'tok ')).toBe(false);
    expect(secretsEqual('tok', undefined)).toBe(false);
  });
});

describe('the 24-hour customer-service window', () => {
  const wrote = new Date('2026-03-01T10:00:00Z');
  const after = (ms: number) => new Date(wrote.getTime() + ms);

  it('is open for 24 hours after the customer\'s last message, then closed', () => {
    expect(serviceWindowOpen(wrote, after(0))).toBe(true);
    expect(serviceWindowOpen(wrote, after(24 * 3600_000 - 1))).toBe(true);
    expect(serviceWindowOpen(wrote, after(24 * 3600_000))).toBe(false);
    expect(serviceWindowOpen(wrote, after(3 * 24 * 3600_000))).toBe(false);
    expect(serviceWindowOpen(undefined, after(0))).toBe(false);
  });
});

describe('WhatsApp settings', () => {
  const full = {
    WHATSAPP_ACCESS_TOKEN: 'EAA', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 's', WHATSAPP_PHONE_NUMBER_ID: '1065',
  };
  it('is off without an access token and names what is missing with one', () => {
    expect(loadWhatsAppSettings({})).toBeUndefined();
    expect(() => loadWhatsAppSettings({ WHATSAPP_ACCESS_TOKEN: 'EAA', WHATSAPP_VERIFY_TOKEN: 'v' }))
      .toThrow(new ConfigError('WHATSAPP_ACCESS_TOKEN is set, so WHATSAPP_APP_SECRET, WHATSAPP_PHONE_NUMBER_ID are required too'));
  });
  it('defaults the API base URL and the template language', () => {
    expect(loadWhatsAppSettings(full)).toMatchObject({ apiBaseUrl: 'https://graph.facebook.com/v21.0', template: undefined });
    expect(loadWhatsAppSettings({ ...full, WHATSAPP_TEMPLATE_NAME: 'follow_up' })?.template).toEqual({ name: 'follow_up', language: 'en_US' });
    expect(() => loadWhatsAppSettings({ ...full, WHATSAPP_TEMPLATE_LANGUAGE: 'english' })).toThrow(ConfigError);
  });
});
