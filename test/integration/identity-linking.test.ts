/**
 * Linking identities on evidence: a code shown in one session and sent from another identity moves that
 * identity to the customer, so its messages continue the same issue; the link is audited and can be undone.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { linkIdentity } from '../../src/identity/identity-links';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({
    SUPPORT_POLICY: '{"firstResponse":{"normal":"60s"}}',
    // the guessing test below sends 41 messages in a row: the per-visitor message limit is not what it tests
    RATE_LIMIT_WIDGET_MESSAGES_PER_VISITOR: '1000/1m',
  });
});
afterAll(async () => {
  await sys?.stop();
});

const send = (externalId: string, text: string, extra: Record<string, unknown> = {}) =>
  sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId, ...extra }, text } });

it('links a second identity by a code it sends, continues the same issue, and undoes the link without losing messages', async () => {
  const first = `link-a-${randomUUID()}`;
  const second = `link-b-${randomUUID()}`;
  const opened = await send(first, 'I need a human about my contract');
  expect(opened.status).toBe(202);
  const issueId = opened.body.issueId as string;

  const started = await sys.api('POST', `/api/v1/customers/${first}/links`, { token: sys.apiKey, body: { channel: 'api' } });
  expect(started.status).toBe(201);
  expect(started.body.codeToSend).toMatch(/^LINK [23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$/);

  // a wrong code from the other identity is just a message of its own
  const wrong = await send(second, 'LINK 000000x');
  expect(wrong.body.issueId).not.toBe(issueId);

  const linked = await send(second, started.body.codeToSend);
  expect(linked.status).toBe(202);
  expect(linked.body.issueId).toBeNull();

  const continued = await send(second, 'it is me again, from my other account');
  expect(continued.body.issueId).toBe(issueId);
  const state = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    return res.body.issue.messages?.some((m: { text: string }) => m.text.includes('other account')) ? res.body.issue : undefined;
  }, 20_000, 'the message from the linked identity in the same issue');
  expect(state.messages.filter((m: { author: string }) => m.author === 'customer').map((m: { text: string }) => m.text))
    .toEqual(['I need a human about my contract', 'it is me again, from my other account']);

  const customerId = state.customerId as string;
  const audit = await sys.api('GET', `/api/v1/customers/${customerId}/identities`, { token: sys.operatorToken });
  expect(audit.status).toBe(200);
  expect(audit.body.identities.map((i: { externalId: string }) => i.externalId).sort()).toEqual([first, second].sort());
  const link = audit.body.links.find((l: { externalId: string }) => l.externalId === second);
  expect(link).toMatchObject({ evidence: 'code_sent_from_identity', linkedBy: `customer:${customerId}`, undoneAt: null });
  expect(link.previousCustomerId).toEqual(expect.any(String));

  const reused = await send(second, started.body.codeToSend);
  expect(reused.body.issueId).toBe(issueId); // a used code is only text now

  const undone = await sys.api('DELETE', `/api/v1/identity-links/${link.id}`, { token: sys.adminToken });
  expect(undone.status).toBe(200);
  expect(undone.body.link.undoneBy).toMatch(/^operator:/);
  const after = await send(second, 'and now?');
  expect(after.body.issueId).not.toBe(issueId);
  // nothing was lost: the messages written while linked are still on the issue
  const inbound = await eventually(async () => {
    const { rows } = await sys.db.query(`SELECT count(*)::int AS n FROM messages WHERE issue_id = $1 AND direction = 'inbound'`, [issueId]);
    return rows[0].n >= 3 ? rows[0].n : undefined;
  }, 10_000, 'three inbound messages on the issue');
  expect(inbound).toBe(3);
  const again = await sys.api('DELETE', `/api/v1/identity-links/${link.id}`, { token: sys.adminToken });
  expect(again.status).toBe(404);
});

it('links an API-channel user to a verified e-mail identity when the company backend names that address', async () => {
  const email = `crm-${randomUUID().slice(0, 8)}@example.com`;
  const owner = `owner-${randomUUID()}`;
  const opened = await send(owner, 'Hello, I have a question about billing');
  const issueId = opened.body.issueId as string;
  const ownerState = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.operatorToken });
    return res.body.issue.customerId ? res.body.issue : undefined;
  }, 20_000, 'issue');
  await linkIdentity(sys.db, { channel: 'email', externalId: email, customerId: ownerState.customerId, evidence: 'verified_code_sent_to_identity', linkedBy: 'test' });

  const fromApp = await send(`app-${randomUUID()}`, 'Following up from the mobile app', { email });
  expect(fromApp.body.issueId).toBe(issueId);
  const guess = await send(`app-${randomUUID()}`, 'Same name, no proof', { name: 'Owner' });
  expect(guess.body.issueId).not.toBe(issueId);
});

it('refuses e-mail verification when e-mail is not configured, and bad link requests', async () => {
  const who = `nolink-${randomUUID()}`;
  await send(who, 'hi');
  const email = await sys.api('POST', `/api/v1/customers/${who}/links`, { token: sys.apiKey, body: { channel: 'email', address: 'a@example.com' } });
  expect(email.status).toBe(409);
  expect(email.body.error.message).toMatch(/not configured/);
  const bad = await sys.api('POST', `/api/v1/customers/${who}/links`, { token: sys.apiKey, body: { channel: 'fax' } });
  expect(bad.status).toBe(400);
  const verify = await sys.api('POST', `/api/v1/customers/${who}/links/verify`, { token: sys.apiKey, body: { code: '7kq4-mz2x' } });
  expect(verify.status).toBe(409);
  const malformed = await sys.api('POST', `/api/v1/customers/${who}/links/verify`, { token: sys.apiKey, body: { code: '12' } });
  expect(malformed.status).toBe(400);
  const unknown = await sys.api('POST', `/api/v1/customers/nobody-${randomUUID()}/links`, { token: sys.apiKey, body: { channel: 'telegram' } });
  expect(unknown.status).toBe(404);
  const off = await sys.api('POST', `/api/v1/customers/${who}/links`, { token: sys.apiKey, body: { channel: 'telegram' } });
  expect(off.status).toBe(409);
  expect(off.body.error.message).toMatch(/telegram is not configured/);
});

/** A code of the same shape as `right` but different: position and replacement vary with `i`. */
function wrongCode(right: string, i: number): string {
  const alphabet = /^\d+$/.test(right) ? '0123456789' : '23456789ABCDEFGHJKMNPQRSTWXYZ';
  const at = i % right.length;
  const shift = 1 + (Math.floor(i / right.length) % (alphabet.length - 1));
  const replaced = alphabet[(alphabet.indexOf(right[at]!) + shift) % alphabet.length]!;
  return right.slice(0, at) + replaced + right.slice(at + 1);
}

it('does not let a fresh widget visitor guess a link code into someone else\'s history', async () => {
  const victim = `victim-${randomUUID()}`;
  const secret = `my card ends in ${randomUUID().slice(0, 4)}`;
  const opened = await send(victim, secret);
  expect(opened.status).toBe(202);
  // the victim starts linking their widget session: a code is open on the widget channel
  const started = await sys.api('POST', `/api/v1/customers/${victim}/links`, { token: sys.apiKey, body: { channel: 'widget' } });
  expect(started.status).toBe(201);
  const right = (started.body.codeToSend as string).replace(/^LINK /, '');

  const session = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: 'demo' } });
  expect(session.status).toBe(201);
  const attacker = session.body.token as string;
  const widgetSend = (text: string) => sys.api('POST', '/api/v1/widget/messages', {
    token: attacker, body: { messageId: `w-${randomUUID()}`, text },
  });
  for (let i = 0; i < 40; i += 1) {
    const guess = await widgetSend(`LINK ${wrongCode(right, i)}`);
    expect([202, 429]).toContain(guess.status);
  }
  const hit = await widgetSend(`LINK ${right}`);
  expect(hit.status).toBe(202);
  expect(hit.body.issueId).not.toBeNull(); // an ordinary message, not a link

  const seen = await sys.api('GET', '/api/v1/widget/messages', { token: attacker });
  expect(seen.status).toBe(200);
  expect(seen.body.messages.map((m: { text: string }) => m.text)).not.toContain(secret);
  const { rows } = await sys.db.query(
    `SELECT count(*)::int AS n FROM identity_links WHERE channel = 'widget' AND external_id = $1`, [seen.body.visitorId]);
  expect(rows[0].n).toBe(0);
});
