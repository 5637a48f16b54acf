/**
 * The SMTP listener's answers at the edge: control characters in a mail are cleaned and the mail is taken (a
 * 451 would make the sending server retry for days), an outage is a 451, the size cap is announced and enforced.
 */
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { emailChannelModule } from '../../src/channels/email/module';
import type { SmtpListener } from '../../src/channels/email/smtp-listener';
import { createPool } from '../../src/db/pool';
import { freePort } from '../../src/net/free-port';
import type { GatewayDependencies } from '../../src/gateway/dependencies';
import { createLogger } from '../../src/observability/logger';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { addPasswordArticle, isEmbeddedTestDatabase, startTestSystem, testDatabaseUrl, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const SUPPORT = 'support@example.com';
const MAX_BYTES = 64 * 1024;
let sys: TestSystem;
let sink: SmtpSink;
let listenPort: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_HOST: '127.0.0.1',
    SMTP_LISTEN_PORT: '0', EMAIL_MAX_MESSAGE_BYTES: String(MAX_BYTES),
  });
  listenPort = (sys.listeners[0] as SmtpListener).port;
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await sink?.close();
});

function sendMail(port: number, raw: string, from: string) {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from, to: SUPPORT }, raw }).finally(() => transport.close());
}

/** A line-by-line SMTP conversation, for what a mail library would not send. */
async function smtpDialogue(port: number, lines: string[]): Promise<string[]> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  socket.on('data', (d: Buffer) => { buffer += d.toString('utf8'); });
  const nextReply = async (): Promise<string> => eventually(async () => {
    const m = /^(?:\d{3}-.*\r\n)*\d{3} .*\r\n/.exec(buffer);
    if (!m) return undefined;
    buffer = buffer.slice(m[0].length);
    return m[0];
  }, 5_000, 'an SMTP reply');
  const replies = [await nextReply()];
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    replies.push(await nextReply());
  }
  socket.destroy();
  return replies;
}

describe('SMTP listener at the edge', () => {
  it('takes a mail with NUL in Subject, From name, Message-ID and body, and the customer gets an answer', async () => {
    const customer = `nul-${randomUUID()}@customer.test`;
    const raw = [
      `From: =?UTF-8?Q?A=00nn?= <${customer}>`, `To: ${SUPPORT}`, 'Subject: =?UTF-8?B?UGFzcwB3b3Jk?=',
      `Message-ID: <${randomUUID()}\u0000@customer.test>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable', '', 'How do I=00 reset my password?', '',
    ].join('\r\n');
    const info = await sendMail(listenPort, raw, customer);
    expect(info.response).toMatch(/^250 /);
    const answer = await eventually(async () => sink.mailsTo(customer)[0], 30_000, 'the answer mail');
    expect(answer.parsed.subject).toBe('Re: Password');
    const { rows } = await sys.db.query<{ subject: string }>('SELECT subject FROM email_inbound_messages WHERE from_address = $1', [customer]);
    expect(rows).toEqual([{ subject: 'Password' }]);
  });

  /** A second listener on any port whose database is `databaseUrl`; the answer it gives to a plain mail. */
  async function answerWithDatabase(databaseUrl: string): Promise<unknown> {
    const db = createPool(databaseUrl, { max: 1 });
    const settings = emailChannelModule.loadSettings({
      SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_HOST: '127.0.0.1', SMTP_LISTEN_PORT: '0',
    })!;
    const deps = { db, metrics: sys.metrics, logger: createLogger('silent') } as unknown as GatewayDependencies;
    const listener = await emailChannelModule.startServer!(settings, deps);
    try {
      const port = Number(/:(\d+) for /.exec(listener.describe)?.[1]);
      const customer = `edge-${randomUUID()}@customer.test`;
      return await sendMail(port, `From: <${customer}>\r\nTo: ${SUPPORT}\r\nSubject: Hi\r\n\r\nHello\r\n`, customer)
        .catch((error: unknown) => error);
    } finally {
      await listener.stop();
      await db.end();
    }
  }

  it('answers 451 (retry later) when the database is unavailable', async () => {
    const closed = await freePort();
    expect(await answerWithDatabase(`postgres://switchboard:switchboard@127.0.0.1:${closed}/none`))
      .toMatchObject({ responseCode: 451 });
  });

  // A database without Switchboard's tables: the same mail fails the same way on every retry.
  (isEmbeddedTestDatabase() ? it.skip : it)('answers 554 (permanent) to a failure a retry cannot fix', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = '/postgres';
    expect(await answerWithDatabase(url.toString())).toMatchObject({ responseCode: 554 });
  });

  it('announces its size cap (SIZE) and refuses a declared or sent mail over it with 552', async () => {
    const replies = await smtpDialogue(listenPort, [
      'EHLO client.test', `MAIL FROM:<a@customer.test> SIZE=${MAX_BYTES + 1}`,
    ]);
    expect(replies[1]).toMatch(new RegExp(`250[- ]SIZE ${MAX_BYTES}\\r\\n`));
    expect(replies[2]).toMatch(/^552 /);
    const customer = `big-${randomUUID()}@customer.test`;
    await expect(sendMail(listenPort, `From: <${customer}>\r\nTo: ${SUPPORT}\r\nSubject: Big\r\n\r\n${'x'.repeat(MAX_BYTES * 2)}\r\n`, customer))
      .rejects.toMatchObject({ responseCode: 552 });
  });
});
