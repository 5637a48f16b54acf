/**
 * Attachments in the e-mail channel, end to end: real SMTP into the gateway's listener, the worker, Temporal and
 * PostgreSQL; replies captured by an SMTP sink. A mail's files reach the operator through signed links; a file
 * that cannot be taken leaves a note instead of losing the mail.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { freePort } from '../../src/net/free-port';
import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';
import { claimTaskOf, uploadForReply } from '../support/operator-uploads';

const SUPPORT = 'support@example.com';
const DIR = `/tmp/attach/it-email-${process.pid}`;
let sys: TestSystem;
let sink: SmtpSink;
let listenPort: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  listenPort = await freePort();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_HOST: '127.0.0.1', SMTP_LISTEN_PORT: String(listenPort),
    ATTACHMENTS_DIR: DIR,
  });
});
afterAll(async () => {
  await sys?.stop();
  await sink?.close();
  await rm(DIR, { recursive: true, force: true });
});

async function issueOf(address: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await sys.db.query<{ id: string }>(
      `SELECT i.id FROM issues i JOIN customer_identities ci ON ci.customer_id = i.customer_id
       WHERE ci.channel = 'email' AND ci.external_id = $1`, [address],
    );
    return rows[0]?.id;
  }, 30_000, 'the issue of the mail');
}

describe('attachments in the e-mail channel', () => {
  it("keeps a mail's files for the operator, and a note for a file it refuses", async () => {
    const from = `ann-${randomUUID().slice(0, 8)}@customer.test`;
    const transport = createTransport({ host: '127.0.0.1', port: listenPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: `Ann <${from}>`, to: SUPPORT, subject: 'Broken parcel', messageId: `<${randomUUID()}@customer.test>`,
      text: 'The parcel arrived broken, photo and invoice attached.',
      html: '<p>The parcel arrived broken, photo and invoice attached.</p><img src="cid:logo@ann">',
      attachments: [
        { filename: 'invoice.pdf', content: tinyPdf() },
        { filename: 'setup.exe', content: windowsExecutable() },
        // an image the HTML shows inline (a signature logo) is not one of the customer's files
        { filename: 'logo.png', content: tinyPng(), cid: 'logo@ann' },
      ],
    }).finally(() => transport.close());

    const issueId = await issueOf(from);
    const message = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
      return res.body?.issue?.messages?.[0];
    }, 30_000, 'the message on the issue');
    expect(message.text).toContain('The parcel arrived broken');
    expect(message.text).toContain('[customer attached invoice.pdf]');
    expect(message.text).toMatch(/\[setup\.exe was not accepted: setup\.exe is of a type not accepted \(EXE\); images, PDF, office documents and text files are accepted\]/);
    expect(message.attachments).toEqual([expect.objectContaining({ name: 'invoice.pdf', contentType: 'application/pdf', size: tinyPdf().length })]);
    const file = await fetch(new URL(message.attachments[0].url, sys.url));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(tinyPdf());
  }, 60_000);

  it("an operator's file goes out as a MIME attachment of the reply", async () => {
    const from = `bob-${randomUUID().slice(0, 8)}@customer.test`;
    const transport = createTransport({ host: '127.0.0.1', port: listenPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from, to: SUPPORT, subject: 'Wet box', messageId: `<${randomUUID()}@customer.test>`,
      text: 'My parcel arrived broken and the box was wet',
    }).finally(() => transport.close());
    const issueId = await issueOf(from);
    await claimTaskOf(sys, issueId);
    const fileId = (await uploadForReply(sys, issueId, tinyPng(), 'how-to-pack.png')).body.attachments[0].id;
    const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Sorry! This is how we will pack the replacement.', attachmentIds: [fileId] },
    });
    expect(reply.status).toBe(201);
    const mail = await eventually(async () => sink.mailsTo(from).map((m) => m.parsed).find((p) => p.text?.includes('how we will pack')), 30_000, 'the reply mail');
    expect(mail.attachments.map((a) => ({ name: a.filename, type: a.contentType, bytes: a.content }))).toEqual([
      { name: 'how-to-pack.png', type: 'image/png', bytes: tinyPng() },
    ]);
  }, 90_000);
});
