/**
 * The omnichannel promise, end to end: a visitor starts in the web widget, links an e-mail address (a code sent
 * there), continues by e-mail, links Telegram (a code sent from it), continues in Telegram — one issue id
 * throughout; the operator sees the messages of all three channels in order; the reply arrives in Telegram.
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const SUPPORT = 'support@shop.example';
const TG_SECRET = 'journey-telegram-secret';
let sys: TestSystem;
let telegram: FakeTelegram;
let sink: SmtpSink;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  sink = await startSmtpSink();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: SUPPORT, SMTP_URL: sink.url, SMTP_LISTEN_PORT: '0', SMTP_LISTEN_HOST: '127.0.0.1',
    TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, TELEGRAM_API_BASE_URL: telegram.baseUrl,
    SUPPORT_POLICY: '{"firstResponse":{"normal":"10m","high":"10m"}}',
  });
});
afterAll(async () => {
  await sys?.stop();
  await telegram?.close();
  await sink?.close();
});

function smtpPort(): number {
  const listener = sys.listeners.find((l) => l.describe.startsWith('smtp://')) as unknown as { port: number };
  return listener.port;
}

async function issueMessages(issueId: string, count: number) {
  return eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    const customer = (res.body.issue?.messages ?? []).filter((m: { author: string }) => m.author === 'customer');
    return customer.length >= count ? res.body.issue : undefined;
  }, 30_000, `${count} customer messages in the issue`);
}

it('keeps one issue across the widget, e-mail and Telegram, and answers in Telegram', async () => {
  // 1. the widget
  const session = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: 'demo' } });
  expect(session.status).toBe(201);
  const visitor = session.body.token as string;
  const first = await sys.api('POST', '/api/v1/widget/messages', {
    token: visitor, body: { messageId: `w-${randomUUID()}`, text: 'My parcel arrived broken, the box was wet' },
  });
  expect(first.status).toBe(202);
  const issueId = first.body.issueId as string;

  // 2. link an e-mail address: the code goes there, the visitor types it in the widget
  const address = `ann-${randomUUID().slice(0, 8)}@example.com`;
  const start = await sys.api('POST', '/api/v1/widget/links', { token: visitor, body: { channel: 'email', address } });
  expect(start.status).toBe(201);
  const codeMail = await eventually(async () => sink.mailsTo(address)[0], 10_000, 'the code e-mail');
  const code = /code: ([2-9A-Z]{8})$/.exec(codeMail.parsed.subject ?? '')![1]!;
  const wrong = await sys.api('POST', '/api/v1/widget/links/verify', { token: visitor, body: { code: code === '22222222' ? '33333333' : '22222222' } });
  expect(wrong.status).toBe(409);
  const verified = await sys.api('POST', '/api/v1/widget/links/verify', { token: visitor, body: { code } });
  expect(verified.status).toBe(201);
  expect(verified.body.link).toMatchObject({ channel: 'email', externalId: address, evidence: 'verified_code_sent_to_identity' });

  // 3. continue by e-mail
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort(), secure: false, ignoreTLS: true });
  await transport.sendMail({ from: `Ann Lee <${address}>`, to: SUPPORT, subject: 'My broken parcel', text: 'Here are the photos you asked for, the box was soaked.' });
  transport.close();
  await issueMessages(issueId, 2);

  // 4. link Telegram: the widget shows a code, the customer sends it from Telegram
  const tgStart = await sys.api('POST', '/api/v1/widget/links', { token: visitor, body: { channel: 'telegram' } });
  expect(tgStart.body.codeToSend).toMatch(/^LINK [2-9A-Z]{8}$/);
  const user = { id: 424242, first_name: 'Ann' };
  const post = (update: unknown) => sys.api('POST', '/webhooks/telegram', { body: update, headers: { 'x-telegram-bot-api-secret-token': TG_SECRET } });
  expect((await post(textUpdate(90001, user, tgStart.body.codeToSend))).status).toBe(200);
  expect((await post(textUpdate(90002, user, 'Any news on the replacement?'))).status).toBe(200);
  const issue = await issueMessages(issueId, 3);

  expect(issue.issueId).toBe(issueId);
  const fromCustomer = issue.messages.filter((m: { author: string }) => m.author === 'customer');
  expect(fromCustomer.map((m: { channel: string }) => m.channel)).toEqual(['widget', 'email', 'telegram']);
  expect(fromCustomer[1].text).toContain('photos');
  expect(issue.messages.some((m: { text: string }) => /^LINK/.test(m.text))).toBe(false);

  // 5. the operator answers; the reply goes to Telegram, where the customer wrote last
  // (the issue's own task: the shared queue may hold more open tasks than one page)
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    return res.body.issue?.task?.taskId ? res.body.issue.task : undefined;
  }, 10_000, 'the human task');
  expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
  const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
    token: sys.operatorToken, body: { text: 'A replacement parcel left our warehouse today.' },
  });
  expect(reply.status).toBe(201);
  const sent = await eventually(async () => telegram.sent.find((m) => m.text.includes('replacement parcel')), 10_000, 'the Telegram reply');
  expect(sent.chat_id).toBe(user.id);

  // the widget history shows the whole conversation too
  const history = await sys.api('GET', '/api/v1/widget/messages', { token: visitor });
  expect(history.body.messages.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining([
    'My parcel arrived broken, the box was wet', 'Any news on the replacement?', 'A replacement parcel left our warehouse today.',
  ]));
});
