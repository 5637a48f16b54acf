/**
 * E-mail identities count as genuine only on evidence: a code, or the SPF/DKIM/DMARC verdict of the company's
 * MX (Authentication-Results with EMAIL_AUTHSERV_ID), never a From header alone. And nobody mail-bombs an
 * address through the link codes, nor floods the SMTP listener.
 */
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { findCustomerByIdentity } from '../../src/db/customers';
import { freePort } from '../../src/net/free-port';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const SUPPORT = 'support@acme.test';
const AUTHSERV_ID = 'mx.acme.test';
let sys: TestSystem;
let sink: SmtpSink;
let listenPort: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  listenPort = await freePort();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: SUPPORT,
    SMTP_URL: sink.url,
    SMTP_LISTEN_HOST: '127.0.0.1',
    SMTP_LISTEN_PORT: String(listenPort),
    EMAIL_AUTHSERV_ID: AUTHSERV_ID,
    RATE_LIMIT_SMTP_MESSAGES_PER_CLIENT: '8/1m',
    SMTP_MAX_CLIENTS: '2',
  }, { worker: false });
});

afterAll(async () => {
  await sys?.stop();
  await sink?.close();
});

function sendMail(from: string, text: string, headers: string[] = []) {
  const raw = [
    ...headers,
    `From: Someone <${from}>`, `To: <${SUPPORT}>`, 'Subject: my account', `Message-ID: <${randomUUID()}@mail.test>`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', text,
  ].join('\r\n');
  const transport = createTransport({ host: '127.0.0.1', port: listenPort, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from, to: SUPPORT }, raw }).finally(() => transport.close());
}

/** The company's app names the user's e-mail address: which customer does the app user become? */
async function appUserNaming(email: string): Promise<string> {
  const externalId = `app-${randomUUID()}`;
  const res = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId, email }, text: 'hello from the app' },
  });
  expect(res.status).toBe(202);
  return (await findCustomerByIdentity(sys.db, 'api', externalId))!;
}

const emailCustomer = (address: string) => eventually(
  () => findCustomerByIdentity(sys.db, 'email', address), 10_000, `the e-mail identity ${address}`);

it('does not link an app user to an address known only from a From header', async () => {
  const address = `victim-${randomUUID().slice(0, 8)}@bank.test`;
  await sendMail(address, 'I am the victim, honest');
  const fromMail = await emailCustomer(address);
  expect(await appUserNaming(address)).not.toBe(fromMail);
  // a header claiming a pass, written by the sender rather than by our MX, is no evidence either
  const other = `victim-${randomUUID().slice(0, 8)}@bank.test`;
  await sendMail(other, 'trust me', ['Authentication-Results: evil.test; dmarc=pass header.from=bank.test']);
  const forged = await emailCustomer(other);
  expect(await appUserNaming(other)).not.toBe(forged);
  const { rows } = await sys.db.query(
    `SELECT verified_by FROM customer_identities WHERE channel = 'email' AND external_id = ANY($1)`, [[address, other]]);
  expect(rows.map((r) => r.verified_by)).toEqual([null, null]);
});

it('links an app user to an address our MX verified by DMARC, and shows the evidence', async () => {
  const address = `ann-${randomUUID().slice(0, 8)}@customer.test`;
  await sendMail(address, 'question about my invoice', [`Authentication-Results: ${AUTHSERV_ID}; spf=pass smtp.mailfrom=customer.test; dmarc=pass header.from=customer.test`]);
  const fromMail = await emailCustomer(address);
  expect(await appUserNaming(address)).toBe(fromMail);
  const audit = await sys.api('GET', `/api/v1/customers/${fromMail}/identities`, { token: sys.operatorToken });
  expect(audit.body.identities.find((i: { channel: string }) => i.channel === 'email'))
    .toMatchObject({ externalId: address, verifiedBy: 'dmarc', verifiedAt: expect.any(String) });
});

it('sends a few link codes to an address and then answers 429, so nobody mail-bombs through us', async () => {
  const who = `bomber-${randomUUID()}`;
  const first = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: who }, text: 'hi' },
  });
  expect(first.status).toBe(202);
  const target = `target-${randomUUID().slice(0, 8)}@customer.test`;
  const statuses: number[] = [];
  let refused: { status: number; body: any } | undefined;
  for (let i = 0; i < 6; i += 1) {
    const res = await sys.api('POST', `/api/v1/customers/${who}/links`, { token: sys.apiKey, body: { channel: 'email', address: target } });
    statuses.push(res.status);
    if (res.status === 429) refused ??= res;
  }
  expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
  expect(refused!.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/too many codes/) });
  await eventually(async () => (sink.mailsTo(target).length >= 3 ? true : undefined), 10_000, 'three codes');
  await new Promise((r) => setTimeout(r, 500));
  expect(sink.mailsTo(target)).toHaveLength(3);
});

it('stops a session guessing the code mailed to an address after a few tries, even with the right code', async () => {
  const who = `guesser-${randomUUID()}`;
  await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: who }, text: 'hi' } });
  const target = `owner-${randomUUID().slice(0, 8)}@customer.test`;
  expect((await sys.api('POST', `/api/v1/customers/${who}/links`, { token: sys.apiKey, body: { channel: 'email', address: target } })).status).toBe(201);
  const [mail] = await eventually(async () => (sink.mailsTo(target).length > 0 ? sink.mailsTo(target) : undefined), 10_000, 'the code');
  const right = /code: (\S+)/.exec(mail!.parsed.subject ?? '')![1]!;
  const verify = (code: string) => sys.api('POST', `/api/v1/customers/${who}/links/verify`, { token: sys.apiKey, body: { code } });
  for (let i = 0; i < 5; i += 1) expect((await verify(i % 2 ? '22222222' : '33333333')).status).toBe(409);
  const late = await verify(right);
  expect(late.status).toBe(429);
  expect(late.body.error.details).toMatchObject({ limit: 'LINK_ATTEMPTS_PER_IDENTITY' });
  expect(await findCustomerByIdentity(sys.db, 'email', target)).toBeUndefined();
});

it('answers a client that sends too many messages with a temporary 451, before reading them', async () => {
  const address = `flood-${randomUUID().slice(0, 8)}@customer.test`;
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    outcomes.push(await sendMail(address, `message ${i}`).then(() => 'ok', (e: { responseCode?: number }) => String(e.responseCode)));
  }
  expect(outcomes).toContain('451');
  expect(outcomes.slice(outcomes.indexOf('451'))).toEqual(outcomes.slice(outcomes.indexOf('451')).map(() => '451'));
});

it('serves a bounded number of SMTP connections at once and tells the next one to come back (421)', async () => {
  const sockets: Socket[] = [];
  const greeting = () => new Promise<string>((resolve, reject) => {
    const socket = connect(listenPort, '127.0.0.1');
    sockets.push(socket);
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => resolve(line.slice(0, 3)));
    socket.once('error', reject);
  });
  try {
    expect(await greeting()).toBe('220');
    expect(await greeting()).toBe('220');
    expect(await greeting()).toBe('421');
  } finally {
    sockets.forEach((s) => s.destroy());
  }
});
