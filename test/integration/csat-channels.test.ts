/**
 * The CSAT question rendered by each channel, through the real gateway, worker, Temporal and database: Telegram's
 * inline keyboard (a button press arrives as a callback_query), the e-mail's signed one-click links with their
 * landing page, the widget's stars, and the API channel's structured message. Fake Telegram and SMTP on loopback.
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { loadRatingLinkSecret, signRatingLink } from '../../src/csat/rating-links';
import { freePort } from '../../src/net/free-port';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const SECRET = 'tg-webhook-secret_csat';
const SUPPORT = 'support@example.com';
const SITE_KEY = 'csat-site';
let sys: TestSystem;
let telegram: FakeTelegram;
let sink: SmtpSink;
let smtpPort: number;
let nextUserId = 800_000_000 + Math.floor(Math.random() * 100_000_000);
let nextUpdateId = Math.floor(Math.random() * 1_000_000_000);

beforeAll(async () => {
  telegram = await startFakeTelegram();
  sink = await startSmtpSink();
  smtpPort = await freePort();
  const port = await freePort();
  sys = await startTestSystem({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SUPPORT_POLICY: JSON.stringify({ csatWait: '10m', reopenWindow: '10m' }),
    CSAT_REMINDER_AFTER: 'off',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_BASE_URL: telegram.baseUrl,
    SUPPORT_EMAIL_ADDRESS: SUPPORT,
    SMTP_URL: sink.url,
    SMTP_LISTEN_HOST: '127.0.0.1',
    SMTP_LISTEN_PORT: String(smtpPort),
    WIDGET_SITE_KEY: SITE_KEY,
  });
});

afterAll(async () => {
  await sys?.stop();
  await telegram?.close();
  await sink?.close();
});

/** The operator claims the issue's task, replies and resolves: the customer is asked for a rating. */
async function resolveAsOperator(issueId: string): Promise<void> {
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
    return res.body.tasks?.find((t: { issueId: string }) => t.issueId === issueId);
  }, 30_000, 'the human task');
  expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
  const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'All sorted now.' } });
  expect(reply.status).toBe(201);
  expect((await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { token: sys.operatorToken })).status).toBe(200);
}

/** A new customer writes to support by e-mail (through the inbound SMTP listener); returns their address. */
async function mailSupport(name: string, subject: string, text: string): Promise<string> {
  const from = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.org`;
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  await transport.sendMail({
    envelope: { from, to: SUPPORT },
    raw: [`From: ${name} <${from}>`, `To: ${SUPPORT}`, `Subject: ${subject}`, `Message-ID: <${randomUUID()}@example.org>`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text].join('\r\n'),
  }).finally(() => transport.close());
  return from;
}

async function issueOfIdentity(channel: string, externalId: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await sys.db.query(
      `SELECT i.id FROM issues i JOIN customer_identities ci ON ci.customer_id = i.customer_id
        WHERE ci.channel = $1 AND ci.external_id = $2 ORDER BY i.created_at DESC LIMIT 1`, [channel, externalId]);
    return rows[0]?.id as string | undefined;
  }, 30_000, 'the issue');
}

async function storedRating(issueId: string) {
  return eventually(async () => {
    const { rows } = await sys.db.query(
      'SELECT csat_score, csat_comment, csat_channel, csat_operator_id, csat_at FROM issues WHERE id = $1', [issueId]);
    return rows[0]?.csat_score ? rows[0] : undefined;
  }, 30_000, 'the rating in PostgreSQL');
}

describe('CSAT in every channel', () => {
  it('Telegram: buttons 1–5 under the question; a press is the rating, answered on the webhook', async () => {
    const user = { id: nextUserId++, first_name: 'Olga' };
    const post = (update: unknown) => sys.api('POST', '/webhooks/telegram', { body: update, headers: { 'x-telegram-bot-api-secret-token': SECRET } });
    expect((await post(textUpdate(nextUpdateId++, user, 'I want to talk to a human'))).status).toBe(200);
    const issueId = await issueOfIdentity('telegram', String(user.id));
    await resolveAsOperator(issueId);

    const question = await eventually(async () => telegram.calls.find((c) =>
      c.method === 'sendMessage' && c.body.chat_id === user.id && c.body.reply_markup), 30_000, 'the question with buttons');
    expect(question.body.text).toMatch(/from 1 \(poor\) to 5/);
    const buttons = (question.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([1, 2, 3, 4, 5].map((n) => `csat:${issueId}:${n}`));

    // someone else pressing a forwarded button rates nothing
    const stranger = { id: nextUserId++, is_bot: false, first_name: 'Eve' };
    const refused = await post({ update_id: nextUpdateId++, callback_query: { id: 'cb-eve', from: stranger, data: buttons[0]!.callback_data, chat_instance: 'x' } });
    expect(refused.body).toMatchObject({ method: 'answerCallbackQuery', callback_query_id: 'cb-eve', text: expect.stringMatching(/no longer/) });

    const press = await post({ update_id: nextUpdateId++, callback_query: { id: 'cb-1', from: { ...user, is_bot: false }, data: buttons[3]!.callback_data, chat_instance: 'x' } });
    expect(press.status).toBe(200);
    expect(press.body).toMatchObject({ method: 'answerCallbackQuery', callback_query_id: 'cb-1', text: expect.stringMatching(/4 of 5/) });
    expect(await storedRating(issueId)).toMatchObject({ csat_score: 4, csat_channel: 'telegram', csat_operator_id: sys.operatorId });
    // a second press: the first rating stands
    const again = await post({ update_id: nextUpdateId++, callback_query: { id: 'cb-2', from: { ...user, is_bot: false }, data: buttons[0]!.callback_data, chat_instance: 'x' } });
    expect(again.body.text).toMatch(/already/);
    expect((await storedRating(issueId)).csat_score).toBe(4);

    // shown to the operator who handled it: on the issue, and in their own recent ratings (not in a colleague's)
    const issue = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    expect(issue.body.issue.csat).toMatchObject({ score: 4, channel: 'telegram', operatorId: sys.operatorId, at: expect.any(String) });
    const mine = await sys.api('GET', '/api/v1/me/ratings', { token: sys.operatorToken });
    expect(mine.status).toBe(200);
    expect(mine.body.ratings).toEqual(expect.arrayContaining([expect.objectContaining({ issueId, score: 4, channel: 'telegram', customerName: 'Olga' })]));
    const theirs = await sys.api('GET', '/api/v1/me/ratings', { token: sys.secondOperatorToken });
    expect(theirs.body.ratings.map((r: { issueId: string }) => r.issueId)).not.toContain(issueId);
  });

  it('e-mail: signed one-click links; the landing page records once, takes a comment, refuses forged and expired links', async () => {
    const from = await mailSupport('Ann', 'Broken parcel', 'I want to talk to a human');
    const issueId = await issueOfIdentity('email', from);
    await resolveAsOperator(issueId);

    const mail = await eventually(async () => sink.mailsTo(from).find((m) => /Rate with one click/.test(m.parsed.text ?? '')), 30_000, 'the CSAT e-mail');
    const links = [...(mail.parsed.text ?? '').matchAll(/^(\d) \(\w[\w ]*\): (\S+)$/gm)].map((m) => ({ score: Number(m[1]), url: m[2]! }));
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(String(mail.parsed.html)).toContain(links[4]!.url.replace(/&/g, '&amp;'));
    const path = (url: string) => new URL(url).pathname;
    const html = { accept: 'text/html' };

    const forged = path(links[0]!.url).replace(`.1.`, '.5.');
    expect((await sys.api('GET', forged)).status).toBe(403);
    expect((await sys.api('GET', forged)).body.error.code).toBe('bad_signature');
    const secret = await loadRatingLinkSecret(sys.db);
    const old = signRatingLink(secret, { issueId, score: 5, issuedAt: Math.floor(Date.now() / 1000) - 3_600 });
    expect((await sys.api('GET', `/csat/${old}`)).status).toBe(410);
    expect((await sys.api('GET', '/csat/not-a-link', { headers: html })).status).toBe(400);

    const first = await fetch(links[4]!.url, { headers: html });
    expect(first.status).toBe(200);
    const page = await first.text();
    expect(page).toContain('You rated this conversation 5 of 5');
    expect(page).toContain('<form method="post">');
    expect(await storedRating(issueId)).toMatchObject({ csat_score: 5, csat_channel: 'email', csat_operator_id: sys.operatorId });

    // the second click (or a mail scanner's) is harmless: the rating that stands
    const second = await sys.api('GET', path(links[1]!.url));
    expect(second).toMatchObject({ status: 200, body: { rating: { score: 5, outcome: 'already_rated' } } });
    const comment = await fetch(links[4]!.url, {
      method: 'POST', headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ comment: 'Quick and kind' }).toString(),
    });
    expect(comment.status).toBe(200);
    expect(await comment.text()).toContain('Thank you for your comment');
    await eventually(async () => ((await storedRating(issueId)).csat_comment === 'Quick and kind' ? true : undefined), 30_000, 'the comment');
  });

  it('e-mail in Russian: the links\' landing page speaks the issue\'s language', async () => {
    const from = await mailSupport('Olga', '=?UTF-8?B?0JfQsNC60LDQtw==?=', 'Хочу поговорить с оператором о моём заказе');
    const issueId = await issueOfIdentity('email', from);
    await resolveAsOperator(issueId);
    const mail = await eventually(async () => sink.mailsTo(from).find((m) => /\/csat\//.test(m.parsed.text ?? '')), 30_000, 'the CSAT e-mail');
    expect(mail.parsed.text).toContain('Оцените одним нажатием');
    const links = [...(mail.parsed.text ?? '').matchAll(/^(\d) \([^)]+\): (\S+)$/gm)].map((m) => ({ score: Number(m[1]), url: m[2]! }));
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    const html = { accept: 'text/html' };

    const first = await fetch(links[3]!.url, { headers: html });
    expect(first.status).toBe(200);
    const page = await first.text();
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('Ваша оценка разговора: 4 из 5.');
    expect(page).toContain('Хотите что-нибудь добавить? (необязательно)');
    expect(page).not.toContain('You rated');
    const again = await (await fetch(links[0]!.url, { headers: html })).text();
    expect(again).toContain('Вы уже оценили этот разговор на 4 из 5. Спасибо!');
    const comment = await fetch(links[3]!.url, {
      method: 'POST', headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ comment: 'Быстро' }).toString(),
    });
    expect(await comment.text()).toContain('Спасибо за комментарий.');
    // a link the server cannot read names no issue: the browser's language decides
    const garbled = await sys.api('GET', '/csat/not-a-link', { headers: { ...html, 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
    expect(garbled.status).toBe(400);
    expect(String(garbled.body)).toContain('Эту ссылку для оценки нельзя использовать');
  });

  it('widget in Russian: the question tells the widget the issue\'s language for its stars', async () => {
    const visitor = (await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: SITE_KEY } })).body as { token: string };
    const sent = await sys.api('POST', '/api/v1/widget/messages', { token: visitor.token, body: { messageId: `w-${randomUUID()}`, text: 'Соедините с живым человеком, пожалуйста' } });
    expect(sent.status).toBe(202);
    await resolveAsOperator(sent.body.issueId);
    const question = await eventually(async () => {
      const res = await sys.api('GET', '/api/v1/widget/messages', { token: visitor.token });
      return res.body.messages.find((m: { kind?: string }) => m.kind === 'csat_question');
    }, 30_000, 'the question in the widget');
    expect(question).toMatchObject({ issueId: sent.body.issueId, language: 'ru' });
  });

  it('widget: the question carries its kind, and the stars (with a comment) are the rating of the visitor\'s own issue', async () => {
    const session = async () => (await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: SITE_KEY } })).body as { token: string; visitorId: string };
    const visitor = await session();
    const sent = await sys.api('POST', '/api/v1/widget/messages', { token: visitor.token, body: { messageId: `w-${randomUUID()}`, text: 'I want to talk to a human' } });
    expect(sent.status).toBe(202);
    const issueId = sent.body.issueId as string;
    await resolveAsOperator(issueId);
    const question = await eventually(async () => {
      const res = await sys.api('GET', '/api/v1/widget/messages', { token: visitor.token });
      return res.body.messages.find((m: { kind?: string }) => m.kind === 'csat_question');
    }, 30_000, 'the question in the widget');
    expect(question).toMatchObject({ issueId, author: 'system', language: 'en' });

    const other = await session();
    await sys.api('POST', '/api/v1/widget/messages', { token: other.token, body: { messageId: `w-${randomUUID()}`, text: 'hello' } });
    await issueOfIdentity('widget', other.visitorId);
    expect((await sys.api('POST', '/api/v1/widget/csat', { token: other.token, body: { issueId, score: 1 } })).status).toBe(403);
    expect((await sys.api('POST', '/api/v1/widget/csat', { token: visitor.token, body: { issueId, score: 9 } })).status).toBe(400);

    const rated = await sys.api('POST', '/api/v1/widget/csat', { token: visitor.token, body: { issueId, score: 5, comment: 'Very quick' } });
    expect(rated).toMatchObject({ status: 202, body: { rating: { outcome: 'recorded', score: 5 } } });
    expect(await storedRating(issueId)).toMatchObject({ csat_score: 5, csat_comment: 'Very quick', csat_channel: 'widget' });
    const again = await sys.api('POST', '/api/v1/widget/csat', { token: visitor.token, body: { issueId, score: 2 } });
    expect(again.body.rating).toMatchObject({ outcome: 'already_rated', score: 5 });
  });

  it('API channel: the question is a structured message the integrator renders, rated through POST /issues/{id}/csat', async () => {
    const externalId = `csat-${randomUUID()}`;
    const accepted = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: 'm-1', customer: { externalId }, text: 'I want to talk to a human' } });
    const issueId = accepted.body.issueId as string;
    await resolveAsOperator(issueId);
    const question = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/customers/${externalId}/messages`, { token: sys.apiKey });
      return res.body.messages.find((m: { kind?: string }) => m.kind === 'csat_question');
    }, 30_000, 'the structured question');
    expect(question.csat).toEqual({ scale: { min: 1, max: 5 }, comment: true, rate: { method: 'POST', path: `/api/v1/issues/${issueId}/csat` } });
    const rated = await sys.api('POST', question.csat.rate.path, { token: sys.apiKey, body: { score: 3, comment: 'ok' } });
    expect(rated.status).toBe(202);
    expect(await storedRating(issueId)).toMatchObject({ csat_score: 3, csat_comment: 'ok', csat_channel: 'api' });
  });
});
