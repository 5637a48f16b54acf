/**
 * The e-mail channel end to end: real SMTP into the gateway's listener, the worker, Temporal and the database,
 * and the replies captured by an SMTP sink on loopback.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { createTransport } from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import { emailChannelModule } from '../../src/channels/email/module';
import { EmailSender } from '../../src/channels/email/sender';
import { PermanentDeliveryError } from '../../src/channels/outbound';
import type { GatewayDependencies } from '../../src/gateway/dependencies';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestSystem, type TestSystem, addPasswordArticle, TEST_METRICS_TOKEN } from '../support/system';
import { eventually } from '../support/temporal';

const SUPPORT = 'support@example.com';
let sys: TestSystem;
let sink: SmtpSink;
let listenPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  listenPort = await freePort();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: SUPPORT,
    SUPPORT_EMAIL_NAME: 'Acme Support',
    SMTP_URL: sink.url,
    SMTP_LISTEN_HOST: '127.0.0.1',
    SMTP_LISTEN_PORT: String(listenPort),
    EMAIL_MAX_MESSAGE_BYTES: String(64 * 1024),
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await sink?.close();
});

/** A customer's mail client: real SMTP to the listener. */
function sendMail(raw: string, envelope: { from: string; to: string }) {
  const transport = createTransport({ host: '127.0.0.1', port: listenPort, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope, raw }).finally(() => transport.close());
}

function rawMail(h: { from: string; to?: string; subject: string; messageId: string; inReplyTo?: string; references?: string }, text: string) {
  return [
    `From: Ann Customer <${h.from}>`,
    `To: Acme Support <${h.to ?? SUPPORT}>`,
    `Subject: ${h.subject}`,
    'Date: Mon, 03 Jun 2024 10:15:00 +0000',
    `Message-ID: ${h.messageId}`,
    ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`] : []),
    ...(h.references ? [`References: ${h.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
  ].join('\r\n');
}

function newCustomer(prefix = 'ann') {
  return `${prefix}-${randomUUID().slice(0, 8)}@customer.test`;
}

async function mailsFor(address: string, count: number): Promise<ParsedMail[]> {
  return eventually(async () => {
    const mails = sink.mailsTo(address);
    return mails.length >= count ? mails.map((m) => m.parsed) : undefined;
  }, 30_000, `${count} mail(s) to ${address}`);
}

async function inboundOf(address: string) {
  const { rows } = await sys.db.query<{ issue_id: string; body: string; external_message_id: string }>(
    `SELECT m.issue_id, m.body, m.external_message_id FROM messages m
       JOIN customer_identities ci ON ci.customer_id = m.customer_id AND ci.channel = 'email'
      WHERE ci.external_id = $1 AND m.direction = 'inbound' ORDER BY m.created_at`, [address]);
  return rows;
}

function referencesOf(mail: ParsedMail): string[] {
  return Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
}

describe('e-mail channel end to end', () => {
  it('answers a mail by mail, in the customer\'s thread, with text and HTML parts', async () => {
    const customer = newCustomer();
    const messageId = `<${randomUUID()}@mail.customer.test>`;
    const info = await sendMail(rawMail({ from: customer, subject: 'Password help', messageId },
      'Hello,\r\n\r\nHow do I reset my password?\r\n\r\nSent from my iPhone'), { from: customer, to: SUPPORT });
    expect(info.accepted).toEqual([SUPPORT]);

    const [answer] = await mailsFor(customer, 1);
    expect(answer.from?.value[0]).toMatchObject({ address: SUPPORT, name: 'Acme Support' });
    expect(answer.to && !Array.isArray(answer.to) && answer.to.value[0].address).toBe(customer);
    expect(answer.subject).toBe('Re: Password help');
    expect(answer.inReplyTo).toBe(messageId);
    expect(referencesOf(answer)).toEqual([messageId]);
    expect(answer.messageId).toMatch(/^<[A-Za-z0-9._+=-]+@example\.com>$/);
    expect(answer.text).toContain('Forgot password');
    expect(answer.html).toContain('Forgot password');
    expect(answer.html).toContain('&quot;Forgot password&quot;');

    const inbound = await inboundOf(customer);
    expect(inbound).toHaveLength(1);
    expect(inbound[0].external_message_id).toBe(messageId);
    // what the assistant and the operator see: the text without the signature
    expect(inbound[0].body).toBe('Hello,\n\nHow do I reset my password?');
    const { rows } = await sys.db.query('SELECT display_name, email FROM customers c JOIN customer_identities ci ON ci.customer_id = c.id WHERE ci.channel = $1 AND ci.external_id = $2', ['email', customer]);
    expect(rows[0]).toEqual({ display_name: 'Ann Customer', email: customer });
  });

  it('answers a mail delivered twice only once', async () => {
    const customer = newCustomer();
    const raw = rawMail({ from: customer, subject: 'Reset', messageId: `<${randomUUID()}@mail.customer.test>` }, 'How do I reset my password?');
    await sendMail(raw, { from: customer, to: SUPPORT });
    await sendMail(raw, { from: customer, to: SUPPORT });
    await mailsFor(customer, 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.mailsTo(customer)).toHaveLength(1);
    expect(await inboundOf(customer)).toHaveLength(1);
  });

  it('puts the customer\'s reply into the same issue and answers it in the same thread', async () => {
    const customer = newCustomer();
    const first = `<${randomUUID()}@mail.customer.test>`;
    await sendMail(rawMail({ from: customer, subject: 'Password help', messageId: first }, 'How do I reset my password?'),
      { from: customer, to: SUPPORT });
    const [answer] = await mailsFor(customer, 1);

    const reply = `<${randomUUID()}@mail.customer.test>`;
    await sendMail(rawMail({
      from: customer, subject: 'Re: Password help', messageId: reply, inReplyTo: answer.messageId,
      references: `${first} ${answer.messageId}`,
    }, [
      'The link did not arrive. How do I reset my password without it?',
      '',
      `On Mon, 3 Jun 2024 at 10:16, Acme Support <${SUPPORT}> wrote:`,
      ...answer.text!.trim().split('\n').map((l) => `> ${l}`),
    ].join('\r\n')), { from: customer, to: SUPPORT });

    const mails = await mailsFor(customer, 2);
    const inbound = await inboundOf(customer);
    expect(inbound).toHaveLength(2);
    expect(inbound[1].issue_id).toBe(inbound[0].issue_id);
    expect(inbound[1].body).toBe('The link did not arrive. How do I reset my password without it?');
    const second = mails[1];
    expect(second.subject).toBe('Re: Password help');
    expect(second.inReplyTo).toBe(reply);
    expect(referencesOf(second)).toEqual([first, answer.messageId, reply]);
    expect(second.messageId).not.toBe(answer.messageId);
  });

  it('refuses mail for another recipient, a malformed or oversized mail, at SMTP level, and creates nobody', async () => {
    const customer = newCustomer('stranger');
    const messageId = `<${randomUUID()}@mail.customer.test>`;
    await expect(sendMail(rawMail({ from: customer, to: 'sales@example.com', subject: 'Hi', messageId }, 'Hello'),
      { from: customer, to: 'sales@example.com' }))
      .rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining(`only accepts mail for ${SUPPORT}`) });

    const noFrom = rawMail({ from: customer, subject: 'Hi', messageId }, 'Hello').replace(/^From: .*\r\n/, '');
    await expect(sendMail(noFrom, { from: customer, to: SUPPORT }))
      .rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('no valid From address') });

    const huge = rawMail({ from: customer, subject: 'Big', messageId }, 'x'.repeat(100 * 1024));
    await expect(sendMail(huge, { from: customer, to: SUPPORT }))
      .rejects.toMatchObject({ responseCode: 552 });

    const { rows } = await sys.db.query(
      `SELECT count(*)::int AS n FROM customer_identities WHERE channel = 'email' AND external_id = $1`, [customer]);
    expect(rows[0].n).toBe(0);
    const metrics = await sys.api('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(metrics.body).toMatch(/switchboard_inbound_messages_total\{channel="email",result="rejected"\} [3-9]/);
  });

  it('records a reply the recipient\'s server refuses with a 5xx as failed, without retrying', async () => {
    const customer = newCustomer('bounce');
    await sendMail(rawMail({ from: customer, subject: 'Password', messageId: `<${randomUUID()}@mail.customer.test>` },
      'How do I reset my password?'), { from: customer, to: SUPPORT });
    const issueId = await eventually(async () => (await inboundOf(customer))[0]?.issue_id, 15_000, 'the issue');
    const failed = await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'delivery_failed'`, [issueId]);
      return rows[0]?.data;
    }, 30_000, 'the recorded delivery failure');
    expect(JSON.stringify(failed)).toMatch(/refused the reply.*User unknown/);
    expect(sink.refused.filter((a) => a === customer)).toHaveLength(1);
  });

  it('treats an unreachable outbound server as a retryable failure', async () => {
    const closed = await freePort();
    const settings = { ...sys.config.channels.find((c) => c.module.channel === 'email')!.settings as never as object,
      smtpUrl: `smtp://127.0.0.1:${closed}` };
    const sender = new EmailSender(settings as ConstructorParameters<typeof EmailSender>[0], sys.db);
    const error = await sender.transmit({ to: 'ann@customer.test', subject: 'Re: x', text: 'hi', messageId: '<m@example.com>', references: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    sender.close();
  });

  it('listens on any free port with SMTP_LISTEN_PORT=0 and tells which', async () => {
    const settings = emailChannelModule.loadSettings({
      SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_HOST: '127.0.0.1', SMTP_LISTEN_PORT: '0',
    })!;
    const listener = await emailChannelModule.startServer!(settings, { metrics: sys.metrics } as GatewayDependencies);
    try {
      const port = Number(/:(\d+) for /.exec(listener.describe)?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(listener.describe).toBe(`smtp://127.0.0.1:${port} for ${SUPPORT}`);
      const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      await expect(transport.sendMail({ envelope: { from: 'a@customer.test', to: 'other@example.com' }, raw: 'Subject: x\r\n\r\nx' }))
        .rejects.toMatchObject({ responseCode: 550 });
      transport.close();
    } finally {
      await listener.stop();
    }
  });
});
