/**
 * Administering people: invitations by link (mailed when SMTP is configured), teams with supervisors, named
 * API tokens shown once and revocable, revoking sessions, disabling people; canned responses; internal notes and
 * tags; agents limited to their teams' tasks.
 */
import { randomUUID } from 'node:crypto';
import { asBrowser, createPerson, signIn, type Browser } from '../support/people';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let sink: SmtpSink;
let admin: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  sys = await startTestSystem({
    SUPPORT_EMAIL_ADDRESS: 'support@example.com', SMTP_URL: sink.url, SMTP_LISTEN_HOST: '127.0.0.1', SMTP_LISTEN_PORT: '0',
    PUBLIC_URL: 'https://support.example.com/',
  }, { worker: false });
  const person = await createPerson(sys, { role: 'admin', name: 'Ada Admin' });
  admin = await signIn(sys, person.email, person.password);
});
afterAll(async () => {
  await sys?.stop();
  await sink?.close();
});

const as = (browser: Browser) => ({ headers: asBrowser(browser) });
const tokenOf = (url: string) => /#token=(inv_[\w-]+)$/.exec(url)![1]!;

/** An issue with an open task of a team, as the projection writes them. */
async function taskOfTeam(teamId: string | null): Promise<{ issueId: string; taskId: string }> {
  const customerId = randomUUID();
  const issueId = randomUUID();
  const taskId = `task-${randomUUID()}`;
  await sys.db.query('INSERT INTO customers (id) VALUES ($1)', [customerId]);
  await sys.db.query(`INSERT INTO issues (id, customer_id, workflow_id, status, channel) VALUES ($1, $2, $3, 'escalated', 'api')`,
    [issueId, customerId, `issue-${issueId}`]);
  await sys.db.query(
    `INSERT INTO human_tasks (id, issue_id, status, priority, reason, summary, created_at, first_response_due_at, resolution_due_at, team_id)
     VALUES ($1, $2, 'queued', 'normal', 'asked_for_human', 'help', now(), now() + interval '1 hour', now() + interval '1 day', $3)`,
    [taskId, issueId, teamId],
  );
  return { issueId, taskId };
}

it('invites a person by a link that works once, mails it, and signs them in with their new password', async () => {
  const team = await sys.api('POST', '/api/v1/teams', { ...as(admin), body: { name: `Billing ${randomUUID()}` } });
  expect(team.status).toBe(201);
  const email = `new.agent-${randomUUID()}@example.com`;
  const created = await sys.api('POST', '/api/v1/operators', {
    ...as(admin), body: { email, name: 'Nina', role: 'operator', teamIds: [team.body.team.id], languages: ['ru', 'en'], skills: ['refunds'], capacity: 5 },
  });
  expect(created.status).toBe(201);
  expect(created.body.operator).toMatchObject({ email, name: 'Nina', role: 'agent', teamIds: [team.body.team.id], capacity: 5, active: false });
  const { url, expiresAt, mailed } = created.body.invitation;
  expect(url).toMatch(/^https:\/\/support\.example\.com\/console\/invitation#token=inv_[\w-]{40,}$/);
  expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
  expect(mailed).toBe(true);
  expect(sink.mailsTo(email)[0]!.parsed.text).toContain(url);
  const token = tokenOf(url);
  const { rows } = await sys.db.query('SELECT token_hash FROM operator_invitations WHERE operator_id = $1', [created.body.operator.id]);
  expect(rows[0].token_hash).not.toContain(token);

  // no password yet: nobody signs in as them
  expect((await sys.api('POST', '/api/v1/session', { body: { email, password: 'whatever it is' } })).status).toBe(401);
  expect((await sys.api('GET', `/api/v1/invitations/${token}`)).body.invitation).toMatchObject({ email, name: 'Nina' });
  expect((await sys.api('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'short' } })).status).toBe(400);
  const accept = await fetch(`${sys.url}/api/v1/invitations/${token}/accept`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a fine new password' }),
  });
  expect(accept.status).toBe(200);
  const cookie = accept.headers.get('set-cookie')!.split(';')[0]!;
  const me = await sys.api('GET', '/api/v1/me', { headers: { cookie } });
  expect(me.body.operator).toMatchObject({ email, role: 'agent', teamIds: [team.body.team.id], languages: ['ru', 'en'], skills: ['refunds'], capacity: 5, status: 'offline' });
  // used once
  expect((await sys.api('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'a second password' } })).status).toBe(404);
  expect((await signIn(sys, email, 'a fine new password')).operator.id).toBe(created.body.operator.id);

  // an expired link does nothing
  const again = await sys.api('POST', `/api/v1/operators/${created.body.operator.id}/invitation`, as(admin));
  await sys.db.query(`UPDATE operator_invitations SET expires_at = now() - interval '1 second' WHERE operator_id = $1`, [created.body.operator.id]);
  expect((await sys.api('POST', `/api/v1/invitations/${tokenOf(again.body.invitation.url)}/accept`, { body: { password: 'a third password!' } })).status).toBe(404);
  // a taken address is a conflict; an unknown team refuses the whole invitation
  expect((await sys.api('POST', '/api/v1/operators', { ...as(admin), body: { email: email.toUpperCase() } })).status).toBe(409);
  const lost = `lost-${randomUUID()}@example.com`;
  const unknownTeam = await sys.api('POST', '/api/v1/operators', { ...as(admin), body: { email: lost, teamIds: [randomUUID()] } });
  expect(unknownTeam.body.error.code).toBe('unknown_team');
  expect((await sys.db.query('SELECT 1 FROM operators WHERE email = $1', [lost])).rows).toEqual([]);
});

it('makes named API tokens with a role, shown once, revocable', async () => {
  const created = await sys.api('POST', '/api/v1/tokens', { ...as(admin), body: { name: 'Night shift script', role: 'supervisor' } });
  expect(created.status).toBe(201);
  expect(created.body.apiToken).toMatchObject({ name: 'Night shift script', role: 'supervisor' });
  const token = created.body.token as string;
  const listed = await sys.api('GET', '/api/v1/tokens', as(admin));
  expect(JSON.stringify(listed.body)).not.toContain(token);
  expect(listed.body.tokens.map((t: { id: string }) => t.id)).toContain(created.body.apiToken.id);
  expect((await sys.api('GET', '/api/v1/me', { token })).body.operator).toMatchObject({ name: 'Night shift script', role: 'supervisor' });
  expect((await sys.api('POST', '/api/v1/canned-responses', { token, body: { title: 'Hi', text: 'Hello {{customer.name}}' } })).status).toBe(201);
  const used = (await sys.api('GET', '/api/v1/tokens', as(admin))).body.tokens.find((t: { id: string }) => t.id === created.body.apiToken.id);
  expect(Date.now() - Date.parse(used.lastUsedAt)).toBeLessThan(60_000);
  expect((await sys.api('DELETE', `/api/v1/tokens/${created.body.apiToken.id}`, as(admin))).status).toBe(204);
  expect((await sys.api('GET', '/api/v1/me', { token })).status).toBe(401);
});

it('revokes a person\'s sessions, and disabling them ends sessions and personal tokens', async () => {
  const person = await createPerson(sys, { role: 'agent' });
  const browser = await signIn(sys, person.email, person.password);
  const revoked = await sys.api('DELETE', `/api/v1/operators/${person.id}/sessions`, as(admin));
  expect(revoked.body).toEqual({ revoked: 1 });
  expect((await sys.api('GET', '/api/v1/me', { headers: asBrowser(browser) })).status).toBe(401);

  const again = await signIn(sys, person.email, person.password);
  expect((await sys.api('DELETE', `/api/v1/operators/${person.id}`, as(admin))).status).toBe(204);
  expect((await sys.api('GET', '/api/v1/me', { headers: asBrowser(again) })).status).toBe(401);
  expect((await sys.api('POST', '/api/v1/session', { body: { email: person.email, password: person.password } })).status).toBe(401);
  // nobody disables the last admin who can sign in, nor themselves
  expect((await sys.api('DELETE', `/api/v1/operators/${admin.operator.id}`, as(admin))).body.error.code).toBe('self');
});

it('keeps team supervisors, and a person\'s teams follow', async () => {
  const supervisor = await createPerson(sys, { role: 'supervisor' });
  const agent = await createPerson(sys, { role: 'agent' });
  const team = await sys.api('POST', '/api/v1/teams', { ...as(admin), body: { name: `Returns ${randomUUID()}`, supervisorIds: [supervisor.id], memberIds: [agent.id] } });
  expect(team.body.team).toMatchObject({ supervisorIds: [supervisor.id], memberIds: [agent.id] });
  const renamed = await sys.api('PATCH', `/api/v1/teams/${team.body.team.id}`, { ...as(admin), body: { name: `Returns EU ${randomUUID()}` } });
  expect(renamed.body.team.supervisorIds).toEqual([supervisor.id]);
  const signedIn = await signIn(sys, supervisor.email, supervisor.password);
  expect(signedIn.operator).toMatchObject({ teamIds: [team.body.team.id], supervisedTeamIds: [team.body.team.id] });
  expect((await sys.api('POST', '/api/v1/teams', { ...as(admin), body: { name: renamed.body.team.name.toUpperCase() } })).status).toBe(409);
});

it('lets agents act only on tasks of their teams or of no team', async () => {
  const teamA = (await sys.api('POST', '/api/v1/teams', { ...as(admin), body: { name: `A ${randomUUID()}` } })).body.team.id;
  const teamB = (await sys.api('POST', '/api/v1/teams', { ...as(admin), body: { name: `B ${randomUUID()}` } })).body.team.id;
  const inA = await createPerson(sys, { role: 'agent', teamIds: [teamA] });
  const inB = await createPerson(sys, { role: 'agent', teamIds: [teamB] });
  const a = await signIn(sys, inA.email, inA.password);
  const b = await signIn(sys, inB.email, inB.password);
  const ofA = await taskOfTeam(teamA);
  const ofNobody = await taskOfTeam(null);

  const refused = await sys.api('POST', `/api/v1/issues/${ofA.issueId}/notes`, { headers: asBrowser(b), body: { text: 'not mine' } });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('not_your_team');
  expect((await sys.api('POST', `/api/v1/tasks/${ofA.taskId}/claim`, { headers: asBrowser(b) })).status).toBe(403);
  expect((await sys.api('POST', `/api/v1/issues/${ofA.issueId}/notes`, { headers: asBrowser(a), body: { text: 'mine' } })).status).toBe(201);
  expect((await sys.api('POST', `/api/v1/issues/${ofNobody.issueId}/notes`, { headers: asBrowser(b), body: { text: 'anyone' } })).status).toBe(201);
  expect((await sys.api('POST', `/api/v1/issues/${ofA.issueId}/notes`, { ...as(admin), body: { text: 'admin' } })).status).toBe(201);

  const queue = async (browser: Browser) => (await sys.api('GET', '/api/v1/tasks?limit=500', { headers: asBrowser(browser) })).body.tasks
    .map((t: { taskId: string }) => t.taskId);
  expect(await queue(a)).toEqual(expect.arrayContaining([ofA.taskId, ofNobody.taskId]));
  expect(await queue(b)).toContain(ofNobody.taskId);
  expect(await queue(b)).not.toContain(ofA.taskId);
  // a team with open tasks stays until they are moved
  expect((await sys.api('DELETE', `/api/v1/teams/${teamA}`, as(admin))).body.error.code).toBe('team_has_tasks');
  expect((await sys.api('DELETE', `/api/v1/teams/${teamB}`, as(admin))).status).toBe(204);
  expect((await signIn(sys, inB.email, inB.password)).operator.teamIds).toEqual([]);
});

it('keeps internal notes and tags on the issue, apart from the conversation and the assistant', async () => {
  await sys.startWorker();
  try {
    const externalId = `notes-${randomUUID()}`;
    const say = (text: string) => sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
    const accepted = await say('Where is my order?');
    expect(accepted.status).toBe(202);
    const { issueId } = accepted.body;
    const secret = `note-${randomUUID()}`;
    const note = await sys.api('POST', `/api/v1/issues/${issueId}/notes`, { ...as(admin), body: { text: `Customer is a VIP ${secret}` } });
    expect(note.body.note).toMatchObject({ text: `Customer is a VIP ${secret}`, author: { id: admin.operator.id, name: 'Ada Admin' } });
    const tags = await sys.api('PUT', `/api/v1/issues/${issueId}/tags`, { ...as(admin), body: { tags: ['VIP', 'refund', 'vip'] } });
    expect(tags.body).toEqual({ tags: ['refund', 'vip'] });
    expect((await sys.api('PUT', `/api/v1/issues/${issueId}/tags`, { ...as(admin), body: { tags: ['refund', 'late'] } })).body.tags).toEqual(['late', 'refund']);

    // the customer writes again and the assistant answers: the note is in neither the answer nor the state
    expect((await say('Can you tell me about my VIP status?')).status).toBe(202);
    const answered = async () => (await sys.db.query(
      `SELECT body FROM messages WHERE issue_id = $1 AND direction = 'outbound'`, [issueId])).rows.map((r) => r.body as string);
    for (let i = 0; i < 150 && (await answered()).length < 2; i += 1) await new Promise((r) => setTimeout(r, 200));
    expect((await answered()).length).toBeGreaterThanOrEqual(2);
    expect((await answered()).join('\n')).not.toContain(secret);

    const issue = await sys.api('GET', `/api/v1/issues/${issueId}`, as(admin));
    expect(issue.status).toBe(200);
    expect(issue.body.notes.map((n: { text: string }) => n.text)).toEqual([`Customer is a VIP ${secret}`]);
    expect(issue.body.tags).toEqual(['late', 'refund']);
    expect(JSON.stringify(issue.body.issue)).not.toContain(secret);
    expect((await sys.api('GET', `/api/v1/issues/${issueId}/notes`, as(admin))).body.notes).toHaveLength(1);
    expect((await sys.api('GET', `/api/v1/issues/${randomUUID()}/notes`, as(admin))).status).toBe(404);
  } finally {
    await sys.stopWorker();
  }
}, 60_000);

it('lets everyone read canned responses and supervisors edit them', async () => {
  const agent = await createPerson(sys, { role: 'agent' });
  const supervisor = await createPerson(sys, { role: 'supervisor' });
  const a = await signIn(sys, agent.email, agent.password);
  const s = await signIn(sys, supervisor.email, supervisor.password);
  const body = { title: `Refund ${randomUUID()}`, text: 'Hello {{customer.name}}, your refund is on its way. {{operator.name}}', language: 'en' };
  expect((await sys.api('POST', '/api/v1/canned-responses', { headers: asBrowser(a), body })).status).toBe(403);
  const created = await sys.api('POST', '/api/v1/canned-responses', { headers: asBrowser(s), body });
  expect(created.status).toBe(201);
  const id = created.body.cannedResponse.id;
  const ru = await sys.api('GET', '/api/v1/canned-responses?language=ru', { headers: asBrowser(a) });
  expect(ru.body.cannedResponses.map((c: { id: string }) => c.id)).not.toContain(id);
  const en = await sys.api('GET', '/api/v1/canned-responses?language=en', { headers: asBrowser(a) });
  expect(en.body.cannedResponses.find((c: { id: string }) => c.id === id)).toMatchObject(body);
  const patched = await sys.api('PATCH', `/api/v1/canned-responses/${id}`, { headers: asBrowser(s), body: { language: null } });
  expect(patched.body.cannedResponse.language).toBeUndefined();
  expect((await sys.api('DELETE', `/api/v1/canned-responses/${id}`, { headers: asBrowser(s) })).status).toBe(204);
  expect((await sys.api('DELETE', `/api/v1/canned-responses/${id}`, { headers: asBrowser(s) })).status).toBe(404);
});
