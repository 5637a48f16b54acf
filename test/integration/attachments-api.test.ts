/**
 * Attachments through the API channel, end to end: the real gateway, worker, Temporal and PostgreSQL. A customer
 * sends a photo (base64 in JSON, or multipart), the operator sees it on the issue and opens it through a signed
 * link; a forged or expired link, a file over the limit and an executable are refused with clear errors.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { claimTaskOf, uploadForReply } from '../support/operator-uploads';

const URL_SECRET = 'attachments-url-secret-for-tests';
const MAX_BYTES = 64 * 1024;
const DIR = `/tmp/attach/it-api-${process.pid}`;
let sys: TestSystem;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  sys = await startTestSystem({ API_CHANNEL_WEBHOOK_URL: webhook.url, ATTACHMENTS_DIR: DIR, ATTACHMENTS_URL_SECRET: URL_SECRET, ATTACHMENTS_MAX_BYTES: String(MAX_BYTES) });
});
afterAll(async () => {
  await sys?.stop();
  await webhook?.close();
  await rm(DIR, { recursive: true, force: true });
});

const customer = () => ({ externalId: `att-${randomUUID()}`, name: 'Parcel Person' });

async function issueMessages(issueId: string) {
  return eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    return res.status === 200 && res.body.issue.messages?.length ? res.body.issue.messages as any[] : undefined;
  }, 30_000, 'the issue with its messages');
}

describe('attachments in the API channel', () => {
  it('a photo sent as base64 is seen by the operator through a signed link; the assistant sees only its name', async () => {
    const png = tinyPng();
    const cust = customer();
    const sent = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey,
      body: { messageId: randomUUID(), customer: cust, text: 'My parcel arrived broken', attachments: [{ name: 'parcel.png', contentBase64: png.toString('base64') }] },
    });
    expect(sent.status).toBe(202);
    expect(sent.body.attachments).toEqual([expect.objectContaining({ name: 'parcel.png', contentType: 'image/png', size: png.length })]);

    const [first] = await issueMessages(sent.body.issueId);
    // what the workflow (and so the assistant) got: the text and the file's name, never its bytes
    expect(first.text).toBe('My parcel arrived broken\n[customer attached parcel.png]');
    expect(first.attachments).toEqual([expect.objectContaining({ name: 'parcel.png', contentType: 'image/png', size: png.length })]);
    const link = new URL(first.attachments[0].url, sys.url);
    const file = await fetch(link);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="parcel.png"/);

    // the customer's own listing links the same file
    const listed = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
    expect(listed.body.messages[0].attachments[0]).toMatchObject({ name: 'parcel.png', url: expect.stringMatching(/^\/attachments\//) });

    // forged: another signature, or a later expiry under the old signature
    const id = first.attachments[0].id as string;
    const forged = await fetch(`${sys.url}/attachments/${id}?expires=${link.searchParams.get('expires')}&signature=${'0'.repeat(64)}`);
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as any).error.code).toBe('invalid_link');
    const stretched = await fetch(`${sys.url}/attachments/${id}?expires=${Number(link.searchParams.get('expires')) + 3600}&signature=${link.searchParams.get('signature')}`);
    expect(stretched.status).toBe(403);
    // expired: a genuine signature whose time is up
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = await fetch(`${sys.url}/attachments/${id}?expires=${past}&signature=${createHmac('sha256', URL_SECRET).update(`${id}.${past}`).digest('hex')}`);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.code).toBe('link_expired');
  }, 60_000);

  it('takes a multipart upload, attachment-only; a PDF named photo.jpg is a PDF and is downloaded, not shown', async () => {
    const form = new FormData();
    form.set('message', JSON.stringify({ messageId: randomUUID(), customer: customer() }));
    form.append('files', new Blob([tinyPdf()]), 'photo.jpg');
    const res = await fetch(`${sys.url}/api/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${sys.apiKey}` }, body: form });
    const body = await res.json() as any;
    expect([res.status, body.error]).toEqual([202, undefined]);
    expect(body.attachments).toEqual([expect.objectContaining({ name: 'photo.pdf', contentType: 'application/pdf' })]);
    const [first] = await issueMessages(body.issueId);
    expect(first.text).toBe('[customer attached photo.pdf]');
    const file = await fetch(new URL(first.attachments[0].url, sys.url));
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="photo.pdf"/);
  }, 60_000);

  it('refuses a file over the limit with 413 and an executable with 415, and starts no issue', async () => {
    const cust = customer();
    const big = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey,
      body: { messageId: randomUUID(), customer: cust, text: 'scan', attachments: [{ name: 'scan.pdf', contentBase64: Buffer.concat([tinyPdf(), Buffer.alloc(MAX_BYTES)]).toString('base64') }] },
    });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'attachment_too_large', message: expect.stringMatching(/scan\.pdf is .*the limit is 64 KB/) });

    const form = new FormData();
    form.set('message', JSON.stringify({ messageId: randomUUID(), customer: cust, text: 'see this' }));
    form.append('files', new Blob([Buffer.alloc(MAX_BYTES + 1, 1)]), 'huge.png');
    const bigUpload = await fetch(`${sys.url}/api/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${sys.apiKey}` }, body: form });
    expect(bigUpload.status).toBe(413);
    expect(((await bigUpload.json()) as any).error.code).toBe('attachment_too_large');

    const exe = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey,
      body: { messageId: randomUUID(), customer: cust, text: 'my photo', attachments: [{ name: 'cute-cat.png', contentBase64: windowsExecutable().toString('base64') }] },
    });
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatchObject({ code: 'attachment_type_refused', details: { file: 'cute-cat.png' } });

    // a JSON body over what one file of the limit needs (as base64, plus the message) is refused before it is read
    const tooLong = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey,
      body: { messageId: randomUUID(), customer: cust, attachments: [{ name: 'a.pdf', contentBase64: 'A'.repeat(400 * 1024) }] },
    });
    expect(tooLong.status).toBe(413);
    expect(tooLong.body.error.code).toBe('body_too_large');
    // without the channel key such a body is not even read
    const stranger = await sys.api('POST', '/api/v1/messages', {
      token: 'not-the-key', body: { messageId: randomUUID(), customer: cust, attachments: [{ name: 'a.pdf', contentBase64: 'A'.repeat(300 * 1024) }] },
    });
    expect(stranger.status).toBe(401);

    const listed = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
    expect(listed.status).toBe(404); // nothing was accepted: no customer either
  }, 60_000);

  it('an operator sends a file with a reply: the webhook links it, the customer fetches it', async () => {
    const cust = customer();
    const sent = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer: cust, text: 'My parcel arrived broken and the box was wet' },
    });
    const issueId = sent.body.issueId as string;
    await claimTaskOf(sys, issueId);
    const upload = await uploadForReply(sys, issueId, tinyPdf('Return label 77'), 'return-label.pdf');
    expect(upload.status).toBe(201);
    const uploaded = upload.body;
    const fileId = uploaded.attachments[0].id as string;
    // a file of another issue, or one that does not exist, cannot ride on this reply
    const unknown = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Here you go', attachmentIds: [randomUUID()] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_attachment');

    const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Here is your return label.', attachmentIds: [fileId] },
    });
    expect(reply.status).toBe(201);
    const pushed = await eventually(async () => webhook.received.find((w) => w.json.message.id === reply.body.messageId), 20_000, 'the webhook');
    const pushedFile = (pushed.json.message as any).attachments[0];
    expect(pushedFile).toMatchObject({ id: fileId, name: 'return-label.pdf', contentType: 'application/pdf' });
    const fetched = await fetch(new URL(pushedFile.url, sys.url));
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(tinyPdf('Return label 77'));

    // the issue and the customer's list show it on the reply; sent once, it cannot be sent again
    const messages = await issueMessages(issueId);
    expect(messages.find((m) => m.id === reply.body.messageId).attachments).toEqual([expect.objectContaining({ id: fileId })]);
    const listed = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
    expect(listed.body.messages.find((m: any) => m.id === reply.body.messageId).attachments[0].id).toBe(fileId);
    const again = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Once more', attachmentIds: [fileId] },
    });
    expect(again.status).toBe(400);
  }, 90_000);
});
