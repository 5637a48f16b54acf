/**
 * Issue 11's journey, end to end through the real gateway, worker, Temporal and PostgreSQL, with Meta's Graph API
 * and the customer's mail server as loopback fakes: a customer comments on an Instagram post, continues in
 * Instagram Direct, asks there to continue by e-mail ("LINK <address>"), gets a code at that address and simply
 * replies to that mail — one issue, seen by the operator with the comment, the Direct message and the e-mail in
 * order. The address is linked on evidence (the code went to it and came back from it), never on the From header
 * alone: a mail that carries the code from another address links nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { directMessageWebhook, instagramCommentWebhook, signMeta, startFakeMeta, type FakeMeta } from '../support/fake-meta';
import { tinyPng } from '../support/sample-files';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const APP_SECRET = 'journey-meta-secret';
const SUPPORT = 'support@shop.example';
let sys: TestSystem;
let graph: FakeMeta;
let sink: SmtpSink;

beforeAll(async () => {
  graph = await startFakeMeta();
  sink = await startSmtpSink();
  sys = await startTestSystem({
    META_PAGE_ACCESS_TOKEN: graph.accessToken, META_APP_SECRET: APP_SECRET, META_VERIFY_TOKEN: 'journey-verify',
    META_GRAPH_BASE_URL: graph.baseUrl,
    SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_PORT: '0', SMTP_LISTEN_HOST: '127.0.0.1',
  });
});
afterAll(async () => {
  await sys?.stop();
  await graph?.close();
  await sink?.close();
});

const newId = () => String(17841400000000000 + Math.floor(Math.random() * 1e9));
const newMid = () => `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${randomBytes(12).toString('base64url')}`;

function postMeta(payload: unknown) {
  const raw = JSON.stringify(payload);
  return sys.api('POST', '/webhooks/meta', { raw, headers: { 'x-hub-signature-256': signMeta(APP_SECRET, raw) } });
}

async function sendMail(mail: { from: string; subject: string; text: string; inReplyTo?: string; attachments?: { filename: string; content: Buffer }[] }) {
  const listener = sys.listeners.find((l) => l.describe.startsWith('smtp://')) as unknown as { port: number };
  const transport = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  await transport.sendMail({ to: SUPPORT, ...mail, ...(mail.inReplyTo ? { references: mail.inReplyTo } : {}) });
  transport.close();
}

async function customerOf(channel: string, externalId: string): Promise<string | undefined> {
  const { rows } = await sys.db.query('SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2', [channel, externalId]);
  return rows[0]?.customer_id;
}

it('an Instagram comment, Instagram Direct and an e-mail are one issue, seen by the operator in order', async () => {
  const igsid = newId();
  const commentId = newId();
  graph.commenters.set(commentId, igsid);
  // 1. a comment under a post
  const comment = instagramCommentWebhook(graph.instagramAccountId, {
    commentId, mediaId: newId(), fromId: igsid, username: 'anna.k', text: 'My parcel arrived broken, what can I do?',
  });
  expect((await postMeta(comment)).status).toBe(200);
  const customerId = await eventually(() => customerOf('instagram', igsid), 10_000, 'the commenter');
  const issueId = await eventually(async () => {
    const { rows } = await sys.db.query('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
    return rows[0]?.id as string | undefined;
  }, 20_000, 'the issue');

  // 2. Direct
  const directMid = newMid();
  expect((await postMeta(directMessageWebhook('instagram', graph.instagramAccountId, {
    senderId: igsid, mid: directMid, text: 'The box was soaked. I have photos, can I send them by e-mail?',
  }))).status).toBe(200);

  // 3. the customer asks to continue by e-mail: a code goes to the address; the request is no message of the issue
  const address = `anna-${randomUUID().slice(0, 8)}@example.org`;
  const linkRequest = directMessageWebhook('instagram', graph.instagramAccountId, { senderId: igsid, mid: newMid(), text: `LINK ${address}` });
  expect((await postMeta(linkRequest)).status).toBe(200);
  expect((await postMeta(linkRequest)).status).toBe(200); // re-delivered: the code mailed stays the valid one
  const codeMail = await eventually(async () => sink.mailsTo(address)[0], 15_000, 'the code e-mail');
  await new Promise((r) => setTimeout(r, 500));
  expect(sink.mailsTo(address)).toHaveLength(1);
  const code = /code: ([2-9A-Z]{8})$/.exec(codeMail.parsed.subject ?? '')![1]!;
  expect(codeMail.parsed.text).toMatch(/reply to this e-mail/i);
  // and the customer reads in Direct where the code went (once, though the request came twice)
  const told = (m: { recipientId: string; text: string }) => m.recipientId === igsid && /sent a code to a…@example\.org/.test(m.text);
  await eventually(async () => graph.sent.find(told), 15_000, 'the notice in Direct');
  await new Promise((r) => setTimeout(r, 500));
  expect(graph.sent.filter(told)).toHaveLength(1);

  // someone else's mail with the code proves nothing: it is their own conversation
  const stranger = `mallory-${randomUUID().slice(0, 8)}@example.org`;
  await sendMail({ from: stranger, subject: `Re: ${codeMail.parsed.subject}`, text: 'Let me into that conversation.' });
  const strangerId = await eventually(() => customerOf('email', stranger), 15_000, 'the stranger as a customer');
  expect(strangerId).not.toBe(customerId);

  // 4. the customer replies to the code mail with what they wanted to send
  await sendMail({
    from: `Anna K <${address}>`, subject: `Re: ${codeMail.parsed.subject}`, inReplyTo: codeMail.parsed.messageId,
    text: `Here are the photos of the broken parcel.\n\nOn Thu, Dec 3, 2026 support wrote:\n> Your code to link this e-mail address is ${code}.`,
    attachments: [{ filename: 'broken-parcel.png', content: tinyPng() }],
  });

  const issue = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    const fromCustomer = (res.body.issue?.messages ?? []).filter((m: { author: string }) => m.author === 'customer');
    return fromCustomer.length >= 3 ? res.body.issue : undefined;
  }, 30_000, 'three customer messages on the issue');
  const fromCustomer = issue.messages.filter((m: { author: string }) => m.author === 'customer');
  expect(fromCustomer.map((m: { channel: string }) => m.channel)).toEqual(['instagram', 'instagram', 'email']);
  expect(fromCustomer.map((m: { text: string }) => m.text)).toEqual([
    'My parcel arrived broken, what can I do?',
    'The box was soaked. I have photos, can I send them by e-mail?',
    'Here are the photos of the broken parcel.\n[customer attached broken-parcel.png]',
  ]);
  // the operator sees the photo: a signed link on the e-mail message, serving the very bytes
  const mailed = fromCustomer[2];
  expect(mailed.attachments).toEqual([expect.objectContaining({ name: 'broken-parcel.png', contentType: 'image/png' })]);
  const photo = await fetch(new URL(mailed.attachments[0].url, sys.url));
  expect(photo.status).toBe(200);
  expect(Buffer.from(await photo.arrayBuffer())).toEqual(tinyPng());
  expect(fromCustomer.some((m: { text: string }) => /LINK/.test(m.text))).toBe(false);
  expect(issue.messages.filter((m: { author: string }) => m.author === 'system').map((m: { channel: string }) => m.channel)).toContain('instagram');
  const { rows: issues } = await sys.db.query('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
  expect(issues.map((r) => r.id)).toEqual([issueId]);

  // the link is on record, with its evidence, for the operator to see (and an admin to undo)
  const identities = await sys.api('GET', `/api/v1/customers/${customerId}/identities`, { token: sys.operatorToken });
  expect(identities.body.links).toEqual([expect.objectContaining({ channel: 'email', externalId: address, evidence: 'verified_code_sent_to_identity' })]);
  // the stranger's mail stayed theirs
  expect(await customerOf('email', stranger)).toBe(strangerId);
});

it('links the address when the customer types the mailed code back in Direct, too', async () => {
  const igsid = newId();
  expect((await postMeta(directMessageWebhook('instagram', graph.instagramAccountId, {
    senderId: igsid, mid: newMid(), text: 'Where is my order 5521?',
  }))).status).toBe(200);
  const customerId = await eventually(() => customerOf('instagram', igsid), 10_000, 'the customer');
  const address = `boris-${randomUUID().slice(0, 8)}@example.org`;
  expect((await postMeta(directMessageWebhook('instagram', graph.instagramAccountId, {
    senderId: igsid, mid: newMid(), text: `link ${address}`,
  }))).status).toBe(200);
  const codeMail = await eventually(async () => sink.mailsTo(address)[0], 15_000, 'the code e-mail');
  const code = /code: ([2-9A-Z]{8})$/.exec(codeMail.parsed.subject ?? '')![1]!;
  expect((await postMeta(directMessageWebhook('instagram', graph.instagramAccountId, {
    senderId: igsid, mid: newMid(), text: `LINK ${code.slice(0, 4)}-${code.slice(4)}`,
  }))).status).toBe(200);
  expect(await eventually(() => customerOf('email', address), 10_000, 'the linked address')).toBe(customerId);
  await sendMail({ from: address, subject: 'Order 5521', text: 'Any news about my order?' });
  await eventually(async () => {
    const { rows } = await sys.db.query(
      `SELECT channel FROM messages WHERE customer_id = $1 AND direction = 'inbound' ORDER BY created_at`, [customerId]);
    return rows.length >= 2 ? rows : undefined;
  }, 30_000, 'the e-mail on the same customer').then((rows) => expect(rows.map((r) => r.channel)).toEqual(['instagram', 'email']));
});
