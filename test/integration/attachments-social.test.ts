/**
 * Attachments in WhatsApp, Messenger/Instagram and VK, end to end: the real gateway, worker, Temporal and
 * PostgreSQL, with the platforms' fakes on loopback serving the customers' files (WhatsApp's only with the access
 * token) and taking ours. A customer's photo reaches the operator through a signed link; a file over the limit is
 * refused in the customer's own channel while the message's text is kept; an operator's PDF reaches the customer.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { freePort } from '../../src/net/free-port';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { tinyPdf, tinyPng } from '../support/sample-files';
import { claimTaskOf, uploadForReply } from '../support/operator-uploads';
import { signWhatsApp, startFakeWhatsApp, whatsAppMediaWebhook, type FakeWhatsApp } from '../support/fake-whatsapp';
import { directMessageWebhook, signMeta, startFakeMeta, type FakeMeta } from '../support/fake-meta';
import { startFakeVk, vkDoc, vkMessageNew, vkPhoto, type FakeVk } from '../support/fake-vk';

const DIR = `/tmp/media/it-social-${process.pid}`;
const MAX_BYTES = 64 * 1024;
const WA_SECRET = 'wa-app-secret';
const META_SECRET = 'meta-app-secret';
const VK_SECRET = 'vkSecretKey2026';
let sys: TestSystem;
let wa: FakeWhatsApp;
let meta: FakeMeta;
let vk: FakeVk;

beforeAll(async () => {
  [wa, meta, vk] = await Promise.all([startFakeWhatsApp(), startFakeMeta(), startFakeVk()]);
  const port = await freePort();
  sys = await startTestSystem({
    PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    ATTACHMENTS_DIR: DIR, ATTACHMENTS_MAX_BYTES: String(MAX_BYTES),
    WHATSAPP_ACCESS_TOKEN: wa.accessToken, WHATSAPP_APP_SECRET: WA_SECRET, WHATSAPP_VERIFY_TOKEN: 'wa-verify',
    WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_API_BASE_URL: wa.baseUrl,
    META_PAGE_ACCESS_TOKEN: meta.accessToken, META_APP_SECRET: META_SECRET, META_VERIFY_TOKEN: 'meta-verify', META_GRAPH_BASE_URL: meta.baseUrl,
    VK_ACCESS_TOKEN: vk.accessToken, VK_GROUP_ID: String(vk.groupId), VK_CONFIRMATION_CODE: 'c0nf1rm', VK_SECRET, VK_API_BASE_URL: vk.baseUrl,
  });
});
afterAll(async () => {
  await sys?.stop();
  await Promise.all([wa?.close(), meta?.close(), vk?.close()]);
  await rm(DIR, { recursive: true, force: true });
});

const unique = (digits: number) => String(10 ** (digits - 1) + Math.floor(Math.random() * 9 * 10 ** (digits - 1)));
/** Over the limit, and a real PNG at its start (the size is refused before the type is looked at). */
const hugePng = () => Buffer.concat([tinyPng(), Buffer.alloc(MAX_BYTES + 1024)]);

function postSigned(path: string, secret: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  return sys.api('POST', path, { raw, headers: { 'x-hub-signature-256': signWhatsApp(secret, raw) } });
}

async function issueOf(channel: string, externalId: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await sys.db.query<{ id: string }>(
      `SELECT i.id FROM issues i JOIN customer_identities ci ON ci.customer_id = i.customer_id
       WHERE ci.channel = $1 AND ci.external_id = $2`, [channel, externalId]);
    return rows[0]?.id;
  }, 30_000, `the issue of ${channel} ${externalId}`);
}

/** The customer's first message as the issue API shows it to an operator. */
async function firstMessage(issueId: string) {
  return eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    return res.body?.issue?.messages?.[0];
  }, 30_000, 'the message on the issue');
}

async function bytesBehind(url: string): Promise<Buffer> {
  const file = await fetch(new URL(url, sys.url));
  expect(file.status).toBe(200);
  return Buffer.from(await file.arrayBuffer());
}

/** An operator answers the issue with a PDF. */
async function replyWithPdf(issueId: string, pdf: Buffer) {
  await claimTaskOf(sys, issueId);
  const fileId = (await uploadForReply(sys, issueId, pdf, 'return-label.pdf')).body.attachments[0].id;
  const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
    token: sys.operatorToken, body: { text: 'Here is your return label.', attachmentIds: [fileId] },
  });
  expect(reply.status).toBe(201);
}

describe('WhatsApp files', () => {
  it("a customer's photo is fetched with the access token and reaches the issue through a signed link", async () => {
    const waId = unique(12);
    const mediaId = wa.addMedia(tinyPng(), 'image/png');
    const res = await postSigned('/webhooks/whatsapp', WA_SECRET, whatsAppMediaWebhook(wa.phoneNumberId, {
      waId, name: 'Aylin', wamid: `wamid.${randomBytes(20).toString('base64url')}`, type: 'image', mediaId, mimeType: 'image/png', caption: 'The parcel arrived broken',
    }));
    expect(res.status).toBe(200);
    const message = await firstMessage(await issueOf('whatsapp', waId));
    expect(message.text).toContain('The parcel arrived broken');
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', size: tinyPng().length })]);
    expect(await bytesBehind(message.attachments[0].url)).toEqual(tinyPng());
  }, 60_000);

  it('a file over the limit is refused in the chat, in Russian for a Russian customer; the text is kept', async () => {
    const waId = unique(12);
    const mediaId = wa.addMedia(hugePng(), 'image/png');
    const wamid = `wamid.${randomBytes(20).toString('base64url')}`;
    const payload = whatsAppMediaWebhook(wa.phoneNumberId, {
      waId, name: 'Ирина', wamid, type: 'document', mediaId, mimeType: 'image/png', filename: 'скан.png', caption: 'Посылка пришла разбитой',
    });
    expect((await postSigned('/webhooks/whatsapp', WA_SECRET, payload)).status).toBe(200);
    const refusal = await eventually(async () => wa.sent.find((m) => m.to === waId && m.text?.body.includes('скан.png')), 30_000, 'the refusal');
    expect(refusal.text!.body).toMatch(/слишком большой/);
    expect(refusal.text!.body).toContain('64 KB');
    const message = await firstMessage(await issueOf('whatsapp', waId));
    expect(message.text).toContain('Посылка пришла разбитой');
    expect(message.text).toMatch(/\[скан\.png was not accepted: .*the limit is 64 KB\]/);
    expect(message.attachments ?? []).toEqual([]);
    // a re-delivery of the webhook does not refuse twice
    expect((await postSigned('/webhooks/whatsapp', WA_SECRET, payload)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(wa.sent.filter((m) => m.to === waId && m.text?.body.includes('скан.png'))).toHaveLength(1);
  }, 60_000);

  it("an operator's PDF is uploaded to WhatsApp and sent as a document", async () => {
    const waId = unique(12);
    const mediaId = wa.addMedia(tinyPng(), 'image/png');
    await postSigned('/webhooks/whatsapp', WA_SECRET, whatsAppMediaWebhook(wa.phoneNumberId, {
      waId, name: 'Aylin', wamid: `wamid.${randomBytes(20).toString('base64url')}`, type: 'image', mediaId, mimeType: 'image/png',
      caption: 'My parcel arrived broken and the box was wet',
    }));
    const pdf = tinyPdf('Return label 77');
    await replyWithPdf(await issueOf('whatsapp', waId), pdf);
    const sent = await eventually(async () => wa.sent.find((m) => m.to === waId && m.type === 'document'), 30_000, 'the document message');
    expect(sent.media?.filename).toBe('return-label.pdf');
    const upload = wa.uploads.find((u) => u.id === sent.media?.id);
    expect(upload?.bytes).toEqual(pdf);
    expect(upload?.type).toBe('application/pdf');
    expect(wa.sent.some((m) => m.to === waId && m.text?.body.includes('Here is your return label.'))).toBe(true);
  }, 90_000);
});

describe('Messenger and Instagram files', () => {
  it("a Messenger customer's photo reaches the issue through a signed link", async () => {
    const psid = unique(16);
    const url = meta.serveFile(tinyPng(), 'image/png');
    const res = await postSigned('/webhooks/meta', META_SECRET, directMessageWebhook('page', meta.pageId, {
      senderId: psid, mid: `m_${randomBytes(20).toString('base64url')}`, attachments: [{ type: 'image', payload: { url } }],
    }));
    expect(res.status).toBe(200);
    const message = await firstMessage(await issueOf('facebook', psid));
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'image/png' })]);
    expect(await bytesBehind(message.attachments[0].url)).toEqual(tinyPng());
  }, 60_000);

  it('an Instagram file over the limit is refused in Direct, the text kept', async () => {
    const igsid = unique(17);
    const url = meta.serveFile(hugePng(), 'image/png');
    const res = await postSigned('/webhooks/meta', META_SECRET, directMessageWebhook('instagram', meta.instagramAccountId, {
      senderId: igsid, mid: `m_${randomBytes(20).toString('base64url')}`, text: 'Here is the damage', attachments: [{ type: 'image', payload: { url } }],
    }));
    expect(res.status).toBe(200);
    const refusal = await eventually(async () => meta.sent.find((m) => m.recipientId === igsid && /too large/.test(m.text)), 30_000, 'the refusal');
    expect(refusal.text).toMatch(/max 64 KB/);
    const message = await firstMessage(await issueOf('instagram', igsid));
    expect(message.text).toContain('Here is the damage');
    expect(message.text).toMatch(/was not accepted: .*the limit is 64 KB\]/);
  }, 60_000);

  it('a file Meta will not give is noted on the message; the other file and the text go through', async () => {
    const psid = unique(16);
    const gone = meta.serveFile(tinyPng(), 'image/png').replace(/\/cdn\/\w+/, '/cdn/expired');
    const res = await postSigned('/webhooks/meta', META_SECRET, directMessageWebhook('page', meta.pageId, {
      senderId: psid, mid: `m_${randomBytes(20).toString('base64url')}`, text: 'Two photos',
      attachments: [{ type: 'image', payload: { url: gone } }, { type: 'file', payload: { url: meta.serveFile(tinyPdf(), 'application/pdf') } }],
    }));
    expect(res.status).toBe(200);
    const message = await firstMessage(await issueOf('facebook', psid));
    expect(message.text).toContain('Two photos');
    expect(message.text).toContain('[photo could not be fetched from Messenger; ask the customer to send it again]');
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf' })]);
  }, 60_000);

  it("an operator's PDF reaches the Messenger customer (Meta fetches the signed link)", async () => {
    const psid = unique(16);
    await postSigned('/webhooks/meta', META_SECRET, directMessageWebhook('page', meta.pageId, {
      senderId: psid, mid: `m_${randomBytes(20).toString('base64url')}`, text: 'My parcel arrived broken and the box was wet',
    }));
    const pdf = tinyPdf('Return label 78');
    await replyWithPdf(await issueOf('facebook', psid), pdf);
    const sent = await eventually(async () => meta.sent.find((m) => m.recipientId === psid && m.attachment), 30_000, 'the file message');
    expect(sent.attachment).toMatchObject({ type: 'file', bytes: pdf });
  }, 90_000);
});

describe('VK files', () => {
  it("a VK customer's photo (its largest size) reaches the issue through a signed link", async () => {
    const userId = Number(unique(9));
    const small = vk.serveFile(Buffer.from('not the one'));
    const large = vk.serveFile(tinyPng());
    const res = await sys.api('POST', '/webhooks/vk', {
      body: vkMessageNew(vk.groupId, VK_SECRET, {
        userId, id: Number(unique(7)), text: '', attachments: [vkPhoto(457239017, userId, [
          { type: 's', url: small, width: 75, height: 56 }, { type: 'x', url: large, width: 604, height: 453 },
        ])],
      }),
    });
    expect(res.body).toBe('ok');
    const message = await firstMessage(await issueOf('vk', String(userId)));
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'image/png' })]);
    expect(await bytesBehind(message.attachments[0].url)).toEqual(tinyPng());
  }, 60_000);

  it('a document over the limit is refused in the dialog, the text kept', async () => {
    const userId = Number(unique(9));
    const url = vk.serveFile(hugePng());
    const res = await sys.api('POST', '/webhooks/vk', {
      body: vkMessageNew(vk.groupId, VK_SECRET, {
        userId, id: Number(unique(7)), text: 'Посмотрите скан',
        attachments: [vkDoc(614302221, userId, { title: 'scan.png', ext: 'png', size: hugePng().length, url })],
      }),
    });
    expect(res.body).toBe('ok');
    const refusal = await eventually(async () => vk.delivered.find((m) => m.peerId === String(userId) && m.text.includes('scan.png')), 30_000, 'the refusal');
    expect(refusal.text).toMatch(/слишком большой/);
    const message = await firstMessage(await issueOf('vk', String(userId)));
    expect(message.text).toContain('Посмотрите скан');
  }, 60_000);

  it('a file sent without words is refused in the language the customer wrote in before', async () => {
    const userId = Number(unique(9));
    await sys.api('POST', '/webhooks/vk', { body: vkMessageNew(vk.groupId, VK_SECRET, { userId, id: Number(unique(7)), text: 'Здравствуйте, посылка пришла мятой' }) });
    const issueId = await issueOf('vk', String(userId));
    // the earlier message is stored (the refusal reads the customer's stored messages for their language)
    await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT 1 FROM messages WHERE issue_id = $1 AND direction = 'inbound'`, [issueId]);
      return rows.length > 0 ? true : undefined;
    }, 30_000, 'the first message stored');
    const url = vk.serveFile(hugePng());
    await sys.api('POST', '/webhooks/vk', {
      body: vkMessageNew(vk.groupId, VK_SECRET, {
        userId, id: Number(unique(7)), text: '', attachments: [vkDoc(614302222, userId, { title: 'фото', ext: 'png', size: hugePng().length, url })],
      }),
    });
    const refusal = await eventually(async () => vk.delivered.find((m) => m.peerId === String(userId) && m.text.includes('фото.png')), 30_000, 'the refusal');
    expect(refusal.text).toMatch(/^Извините/);
  }, 60_000);

  it("an operator's PDF reaches the VK customer as a document of the dialog", async () => {
    const userId = Number(unique(9));
    await sys.api('POST', '/webhooks/vk', {
      body: vkMessageNew(vk.groupId, VK_SECRET, { userId, id: Number(unique(7)), text: 'My parcel arrived broken and the box was wet' }),
    });
    const pdf = tinyPdf('Return label 79');
    await replyWithPdf(await issueOf('vk', String(userId)), pdf);
    const sent = await eventually(async () => vk.delivered.find((m) => m.peerId === String(userId) && m.attachment), 30_000, 'the document message');
    expect(sent.attachment).toMatch(/^doc-\d+_\d+$/);
    expect(sent.doc).toEqual({ title: 'return-label.pdf', bytes: pdf });
    expect(Number(sent.randomId)).toBeGreaterThan(0);
  }, 90_000);
});
