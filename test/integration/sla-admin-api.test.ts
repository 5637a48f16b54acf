/**
 * Business-hours calendars and SLA policies through the real gateway and PostgreSQL: the seeded defaults, admin
 * writes, validation, a calendar in use that cannot be deleted, roles, and the snapshot a task records.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_CALENDAR_ID, DEFAULT_SLA_POLICY_ID, adoptSupportPolicy, policyInForce } from '../../src/db/sla';
import { resolvePolicy } from '../../src/domain/policy';
import { slaDurationMs, snapshotOfSupportPolicy, startSlaClock } from '../../src/domain/sla';
import { slaActivities } from '../../activities/sla-activities';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
/** The seeded policy is the default again (one statement at a time: at most one default at any moment). */
async function restoreSeededDefault(): Promise<void> {
  await sys.db.query('UPDATE sla_policies SET is_default = false WHERE is_default AND id <> $1', [DEFAULT_SLA_POLICY_ID]);
  await sys.db.query('UPDATE sla_policies SET is_default = true WHERE id = $1', [DEFAULT_SLA_POLICY_ID]);
}
afterAll(async () => {
  if (sys) await restoreSeededDefault();
  await sys?.stop();
});

const H = 3_600_000;
const day = [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '18:00' }];
const office = (overrides: Record<string, unknown> = {}) => ({
  name: `Berlin office ${randomUUID()}`,
  timeZone: 'Europe/Berlin',
  slots: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: ['2020-12-24', '2099-12-24'],
  ...overrides,
});
const targets = (firstResponse = 'PT1H') => ['low', 'normal', 'high', 'urgent'].map((priority) => ({
  priority, firstResponse, nextResponse: 'PT2H', resolution: 'P1D',
}));
const admin = (body?: unknown) => ({ token: sys.adminToken, body });

async function createCalendar(overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const created = await sys.api('POST', '/api/v1/calendars', admin(office(overrides)));
  expect(created.status).toBe(201);
  return created.body.calendar;
}

it('starts with a 24/7 calendar and a default policy holding the support policy\'s SLA values', async () => {
  const calendars = await sys.api('GET', '/api/v1/calendars', admin());
  expect(calendars.status).toBe(200);
  const always = calendars.body.calendars.find((c: { id: string }) => c.id === DEFAULT_CALENDAR_ID);
  expect(always).toMatchObject({ name: '24/7', timeZone: 'UTC', holidays: [] });
  expect(Object.values(always.slots)).toEqual(Array(7).fill([{ from: '00:00', to: '24:00' }]));

  const policies = await sys.api('GET', '/api/v1/sla-policies', admin());
  const byDefault = policies.body.policies.find((p: { id: string }) => p.id === DEFAULT_SLA_POLICY_ID);
  expect(byDefault).toMatchObject({ name: 'Default', calendarId: DEFAULT_CALENDAR_ID, warningShare: 0.8 });
  const builtIn = resolvePolicy(undefined);
  for (const target of byDefault.targets) {
    expect(slaDurationMs(target.firstResponse)).toBe(builtIn.firstResponseMs[target.priority as 'low']);
    expect(slaDurationMs(target.nextResponse)).toBe(builtIn.firstResponseMs[target.priority as 'low']);
    expect(slaDurationMs(target.resolution)).toBe(builtIn.resolutionMs[target.priority as 'low']);
  }
});

it('lets an admin create, read, change and delete a calendar', async () => {
  const calendar = await createCalendar();
  const read = await sys.api('GET', `/api/v1/calendars/${calendar.id}`, admin());
  expect(read.body.calendar).toMatchObject({ timeZone: 'Europe/Berlin', holidays: ['2020-12-24', '2099-12-24'], slots: { mon: day, sat: [] } });

  const changed = await sys.api('PUT', `/api/v1/calendars/${calendar.id}`, admin(office({ name: calendar.name, timeZone: 'America/New_York', holidays: [] })));
  expect(changed.status).toBe(200);
  expect(changed.body.calendar).toMatchObject({ id: calendar.id, timeZone: 'America/New_York', holidays: [] });

  expect((await sys.api('DELETE', `/api/v1/calendars/${calendar.id}`, admin())).status).toBe(204);
  expect((await sys.api('GET', `/api/v1/calendars/${calendar.id}`, admin())).status).toBe(404);
  expect((await sys.api('DELETE', `/api/v1/calendars/${calendar.id}`, admin())).status).toBe(404);
});

it('refuses malformed calendars with 400 and a second calendar of one name with 409', async () => {
  const bad = [
    office({ timeZone: 'Mars/Olympus' }),
    office({ slots: { mon: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }] } }),
    office({ slots: { mon: [{ from: '9am', to: '5pm' }] } }),
    office({ slots: {} }),
    office({ holidays: ['2026-13-01'] }),
    office({ name: '\u0000' }),
    office({ owner: 'me' }),
    [office()],
  ];
  for (const body of bad) {
    const answer = await sys.api('POST', '/api/v1/calendars', admin(body));
    expect({ body, status: answer.status, code: answer.body.error?.code }).toEqual({ body, status: 400, code: 'invalid_request' });
  }
  expect((await sys.api('PUT', '/api/v1/calendars/not-a-uuid', admin(office()))).status).toBe(400);
  expect((await sys.api('PUT', `/api/v1/calendars/${randomUUID()}`, admin(office()))).status).toBe(404);

  const first = await createCalendar();
  const again = await sys.api('POST', '/api/v1/calendars', admin(office({ name: first.name.toUpperCase() })));
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('name_taken');
});

it('manages SLA policies and keeps a calendar while a policy uses it', async () => {
  const calendar = await createCalendar();
  const created = await sys.api('POST', '/api/v1/sla-policies', admin({
    name: `Office SLA ${randomUUID()}`, calendarId: calendar.id,
    targets: [...targets(), { priority: 'normal', channel: 'email', firstResponse: '4h', nextResponse: '4h', resolution: 'P2D' }],
  }));
  expect(created.status).toBe(201);
  const policy = created.body.policy;
  expect(policy).toMatchObject({ calendarId: calendar.id, warningShare: 0.8, isDefault: false });
  expect(policy.targets).toHaveLength(5);

  const inUse = await sys.api('DELETE', `/api/v1/calendars/${calendar.id}`, admin());
  expect(inUse.status).toBe(409);
  expect(inUse.body.error).toMatchObject({ code: 'calendar_in_use', details: { policies: [policy.name] } });

  const changed = await sys.api('PUT', `/api/v1/sla-policies/${policy.id}`, admin({ name: policy.name, calendarId: DEFAULT_CALENDAR_ID, warningShare: 0.5, targets: targets('PT30M') }));
  expect(changed.status).toBe(200);
  expect(changed.body.policy).toMatchObject({ calendarId: DEFAULT_CALENDAR_ID, warningShare: 0.5 });
  expect((await sys.api('GET', `/api/v1/sla-policies/${policy.id}`, admin())).body.policy.targets[0].firstResponse).toBe('PT30M');
  // no policy uses the calendar any more
  expect((await sys.api('DELETE', `/api/v1/calendars/${calendar.id}`, admin())).status).toBe(204);

  expect((await sys.api('DELETE', `/api/v1/sla-policies/${policy.id}`, admin())).status).toBe(204);
  expect((await sys.api('GET', `/api/v1/sla-policies/${policy.id}`, admin())).status).toBe(404);
});

it('refuses bad policies with 400 and will not lose the default policy', async () => {
  const bad = [
    { name: 'No calendar', calendarId: randomUUID(), targets: targets() },
    { name: 'Gaps', calendarId: DEFAULT_CALENDAR_ID, targets: targets().slice(1) },
    { name: 'Months', calendarId: DEFAULT_CALENDAR_ID, targets: targets('P1M') },
    { name: 'Share', calendarId: DEFAULT_CALENDAR_ID, warningShare: 1.5, targets: targets() },
    { name: 'Fax', calendarId: DEFAULT_CALENDAR_ID, targets: [...targets(), { ...targets()[0], channel: 'fax' }] },
  ];
  for (const body of bad) {
    const answer = await sys.api('POST', '/api/v1/sla-policies', admin(body));
    expect({ name: body.name, status: answer.status, code: answer.body.error?.code }).toEqual({ name: body.name, status: 400, code: 'invalid_request' });
  }
  const removeDefault = await sys.api('DELETE', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, admin());
  expect(removeDefault.status).toBe(409);
  expect(removeDefault.body.error.code).toBe('default_policy');
  const current = (await sys.api('GET', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, admin())).body.policy;
  const undefault = await sys.api('PUT', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, admin({
    name: current.name, calendarId: current.calendarId, warningShare: current.warningShare, targets: current.targets, isDefault: false,
  }));
  expect(undefault.status).toBe(409);
});

it('refuses targets the calendar would not reach within a year, when saving the policy or changing its calendar', async () => {
  const mondays = { mon: [{ from: '09:00', to: '10:00' }] };
  const threeDays = targets().map((t) => ({ ...t, resolution: 'P3D' }));
  const sparse = await createCalendar({ slots: mondays });
  const tooLong = await sys.api('POST', '/api/v1/sla-policies', admin({ name: `Sparse ${randomUUID()}`, calendarId: sparse.id, targets: threeDays }));
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.error.message).toMatch(/resolution P3D of priority low needs 72 h of open time; calendar ".*" has 52 h in a year/);
  // a day fits (24 of its 52 hours a year)
  expect((await sys.api('POST', '/api/v1/sla-policies', admin({ name: `Sparse ${randomUUID()}`, calendarId: sparse.id, targets: targets() }))).status).toBe(201);

  const office = await createCalendar();
  const policy = (await sys.api('POST', '/api/v1/sla-policies', admin({ name: `Fits ${randomUUID()}`, calendarId: office.id, targets: threeDays }))).body.policy;
  const shrink = await sys.api('PUT', `/api/v1/calendars/${office.id}`, admin({ ...office, slots: mondays, holidays: [], timeZone: 'UTC', id: undefined, createdAt: undefined, updatedAt: undefined }));
  expect(shrink.status).toBe(400);
  expect(shrink.body.error.message).toContain(`policy "${policy.name}"`);
  expect((await sys.api('GET', `/api/v1/calendars/${office.id}`, admin())).body.calendar.slots.tue).toEqual(day);
});

it('lets staff read but only admins write; integrations and strangers neither', async () => {
  const calendar = await createCalendar();
  const operator = { token: sys.operatorToken };
  expect((await sys.api('GET', '/api/v1/calendars', operator)).status).toBe(200);
  expect((await sys.api('GET', `/api/v1/calendars/${calendar.id}`, operator)).status).toBe(200);
  expect((await sys.api('GET', '/api/v1/sla-policies', operator)).status).toBe(200);
  const policy = { name: `Agent's ${randomUUID()}`, calendarId: calendar.id, targets: targets() };
  const refused = [
    await sys.api('POST', '/api/v1/calendars', { ...operator, body: office() }),
    await sys.api('PUT', `/api/v1/calendars/${calendar.id}`, { ...operator, body: office() }),
    await sys.api('DELETE', `/api/v1/calendars/${calendar.id}`, operator),
    await sys.api('POST', '/api/v1/sla-policies', { ...operator, body: policy }),
    await sys.api('PUT', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, { ...operator, body: policy }),
    await sys.api('DELETE', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, operator),
    await sys.api('GET', '/api/v1/calendars', { token: sys.integrationToken }),
    await sys.api('GET', '/api/v1/sla-policies', { token: sys.integrationToken }),
  ];
  expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);
  expect((await sys.api('GET', '/api/v1/calendars')).status).toBe(401);
  expect((await sys.api('GET', '/api/v1/sla-policies', { token: sys.apiKey })).status).toBe(401);
  expect((await sys.api('GET', `/api/v1/calendars/${calendar.id}`, admin())).status).toBe(200); // still there
});

it('records the policy in force as a snapshot that later edits do not change', async () => {
  const calendar = await createCalendar();
  const created = await sys.api('POST', '/api/v1/sla-policies', admin({
    name: `In force ${randomUUID()}`, calendarId: calendar.id, warningShare: 0.75, isDefault: true,
    targets: [...targets(), { priority: 'high', channel: 'email', firstResponse: 'PT4H', nextResponse: 'PT4H', resolution: 'P2D' }],
  }));
  expect(created.status).toBe(201);
  const policies = (await sys.api('GET', '/api/v1/sla-policies', admin())).body.policies;
  expect(policies.filter((p: { isDefault: boolean }) => p.isDefault).map((p: { id: string }) => p.id)).toEqual([created.body.policy.id]);

  const snapshot = await policyInForce(sys.db, { priority: 'high', channel: 'email' }, new Date('2026-12-01T09:00:00Z'));
  expect(snapshot).toMatchObject({
    policyId: created.body.policy.id, calendarId: calendar.id, calendarName: calendar.name, warningShare: 0.75,
    calendar: { timeZone: 'Europe/Berlin', holidays: ['2099-12-24'] }, // past holidays left out
    target: { priority: 'high', channel: 'email', firstResponseMs: 4 * H, resolutionMs: 48 * H },
  });
  expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);

  // a task escalated Tue 1 Dec 2026 17:00 CET: 1h of today, then Wednesday 09:00–12:00
  const clock = startSlaClock(snapshot, { priority: 'high', channel: 'email', at: '2026-12-01T16:00:00Z' });
  expect(clock.firstResponse.dueAt).toBe('2026-12-02T11:00:00.000Z');
  // the admin makes it 24/7 afterwards: the recorded clock keeps its deadline, new tasks get the new hours
  const always = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
  expect((await sys.api('PUT', `/api/v1/calendars/${calendar.id}`, admin(office({ name: calendar.name, slots: always })))).status).toBe(200);
  const later = await policyInForce(sys.db, { priority: 'high', channel: 'email' });
  expect(startSlaClock(later, { priority: 'high', channel: 'email', at: '2026-12-01T16:00:00Z' }).firstResponse.dueAt).toBe('2026-12-01T20:00:00.000Z');
  expect(clock.firstResponse.dueAt).toBe('2026-12-02T11:00:00.000Z');
  expect(clock.policy.calendar.slots.sat).toEqual([]);

  // the previous default is an ordinary policy again, and can become the default once more
  const seeded = (await sys.api('GET', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, admin())).body.policy;
  expect(seeded.isDefault).toBe(false);
  await restoreSeededDefault();
  expect((await policyInForce(sys.db, { priority: 'normal' })).policyId).toBe(DEFAULT_SLA_POLICY_ID);
});

it('the seeded default follows SUPPORT_POLICY until an admin edits it', async () => {
  const targetOf = async (priority: string) => (await sys.api('GET', `/api/v1/sla-policies/${DEFAULT_SLA_POLICY_ID}`, admin()))
    .body.policy.targets.find((t: { priority: string }) => t.priority === priority);
  try {
    expect(await adoptSupportPolicy(sys.db, resolvePolicy('{"firstResponse":{"urgent":"5m"},"resolution":{"low":"14d"}}'))).toBe(true);
    expect(await targetOf('urgent')).toEqual({ priority: 'urgent', firstResponse: '5m', nextResponse: '5m', resolution: '4h' });
    expect(await targetOf('low')).toMatchObject({ resolution: '2w' });
    expect(await adoptSupportPolicy(sys.db, resolvePolicy('{"firstResponse":{"urgent":"5m"},"resolution":{"low":"14d"}}'))).toBe(false);

    await sys.db.query('UPDATE sla_policies SET edited_at = now() WHERE id = $1', [DEFAULT_SLA_POLICY_ID]);
    expect(await adoptSupportPolicy(sys.db, resolvePolicy(undefined))).toBe(false);
    expect(await targetOf('urgent')).toMatchObject({ firstResponse: '5m' });
  } finally {
    await sys.db.query('UPDATE sla_policies SET edited_at = NULL WHERE id = $1', [DEFAULT_SLA_POLICY_ID]);
    await adoptSupportPolicy(sys.db, resolvePolicy(undefined));
  }
  expect(await targetOf('urgent')).toEqual({ priority: 'urgent', firstResponse: '15m', nextResponse: '15m', resolution: '4h' });
});

it('gives the workflow the seeded default through its activity, the same as the built-in support policy', async () => {
  const inForce = await slaActivities(sys.db).slaPolicyInForce({ priority: 'urgent', channel: 'telegram' });
  const builtIn = snapshotOfSupportPolicy(resolvePolicy(undefined));
  expect(inForce).toMatchObject({
    policyId: DEFAULT_SLA_POLICY_ID, calendarId: DEFAULT_CALENDAR_ID, calendar: builtIn.calendar, warningShare: 0.8,
    targets: builtIn.targets, target: { priority: 'urgent', firstResponseMs: 15 * 60_000, resolutionMs: 4 * H },
  });
});
