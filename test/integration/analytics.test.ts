/**
 * Analytics over the event stream (issue 10, first slice): every figure of the summary, a time series in the
 * viewer's time zone, a breakdown, the drill-down and the CSV export, against a scripted set of issues with
 * answers worked out by hand (test/fixtures/analytics-known-answers.ts).
 *
 * The scripted issues, events and tasks are inserted STRAIGHT into PostgreSQL with exact timestamps: that is
 * deliberate and legitimate here, it tests the SQL definitions against known answers (30-hour silences, breaches
 * at given minutes cannot be produced by the live pipeline in a test). The last case drives a real conversation
 * through the gateway, worker and Temporal and finds it in the drill-down, so the live projection feeds the same
 * queries.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { createOperator } from '../../src/db/credentials';
import { ISSUE, insertScript } from '../fixtures/analytics-known-answers';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let supervisor: string;

beforeAll(async () => {
  sys = await startTestSystem();
  supervisor = (await createOperator(sys.db, { name: 'Analytics supervisor', role: 'supervisor' })).token;
  await insertScript((sql, params) => sys.db.query(sql, params));
});
afterAll(async () => {
  await sys?.stop();
});

const RANGE = 'from=2025-11-10T00:00:00Z&to=2025-11-12T00:00:00Z';
const get = (path: string, token = supervisor) => sys.api('GET', `/api/v1/analytics/${path}`, { token });

async function getCsv(path: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${sys.url}/api/v1/analytics/${path}`, { headers: { authorization: `Bearer ${supervisor}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('summary', () => {
  it('answers every figure of the scripted issues as the definitions say', async () => {
    const res = await get(`summary?${RANGE}`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.issues).toBe(8);
    expect(s.automationRate).toBeCloseTo(2 / 8); // A, C
    expect(s.handoffRate).toBeCloseTo(3 / 8); // D, E, H
    expect(s.reopenRate).toBeCloseTo(2 / 5); // E, F of A, C, D, E, F
    expect(s.firstResponseSeconds.median).toBeCloseTo(40); // 10 20 30 40 50 60 300
    expect(s.firstResponseSeconds.p90).toBeCloseTo(156); // 60 + 0.4 * 240
    expect(s.humanFirstResponseSeconds.median).toBeCloseTo(897.5); // D 295, E 1500
    expect(s.humanFirstResponseSeconds.p90).toBeCloseTo(1379.5);
    expect(s.resolutionSeconds.median).toBeCloseTo(3610); // 1800 2400 3610 3620 7200
    expect(s.resolutionSeconds.p90).toBeCloseTo(5768); // 3620 + 0.6 * 3580
    expect(s.csat).toEqual({ average: 3.5, responses: 2, share4or5: 0.5 });
    expect(s.slaCompliance).toBeCloseTo(0.5); // D, E2 of D, E1, E2, H
    expect(s.slaComplianceByTarget).toEqual({ firstResponse: 0.5, nextResponse: 1, resolution: 1 });
    expect(s.slaTasks).toBe(4);
    expect(s.backlog).toBe(1); // H
    expect(s.definitions.automationRate).toMatch(/without any human task/);
    expect(Object.keys(s.definitions)).toEqual(expect.arrayContaining(['issues', 'handoffRate', 'reopenRate', 'firstResponseSeconds',
      'resolutionSeconds', 'csat', 'slaCompliance']));
  });

  it('recomputes the automation rate under the 24-hour and 72-hour silence definitions', async () => {
    const rates: Record<string, number> = {};
    for (const automation of ['switchboard', 'silence24h', 'silence72h']) {
      const res = await get(`summary?${RANGE}&automation=${automation}`);
      expect(res.status).toBe(200);
      expect(res.body.automationDefinition).toBe(automation);
      rates[automation] = res.body.automationRate;
    }
    expect(rates).toEqual({ switchboard: 2 / 8, silence24h: 4 / 8, silence72h: 3 / 8 });
    const res = await get(`summary?${RANGE}&automation=silence24h`);
    expect(res.body.definitions.automationRate).toMatch(/24 hours/);
    expect(res.body.automationRates).toEqual({ switchboard: 2 / 8, silence24h: 4 / 8, silence72h: 3 / 8 });
  });

  it('answers nulls, not zeros, where there is nothing to divide', async () => {
    const res = await get('summary?from=2025-10-01T00:00:00Z&to=2025-10-02T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issues: 0, automationRate: null, handoffRate: null, reopenRate: null, firstResponseSeconds: { median: null, p90: null },
      csat: { average: null, responses: 0, share4or5: null }, slaCompliance: null,
    });
  });
});

it('buckets by day in the viewer\'s time zone (Europe/Moscow puts E on the 10th, F on the 11th)', async () => {
  const moscow = await get('timeseries?from=2025-11-09T21:00:00Z&to=2025-11-11T21:00:00Z&bucket=day&tz=Europe/Moscow'
    + '&metric=issues,automationRate,firstResponseMedian,csatAverage,backlog');
  expect(moscow.status).toBe(200);
  expect(moscow.body.points).toEqual([
    { start: '2025-11-09T21:00:00.000Z', local: '2025-11-10T00:00:00',
      values: { issues: 5, automationRate: 2 / 5, firstResponseMedian: 40, csatAverage: 3.5, backlog: 1 } },
    { start: '2025-11-10T21:00:00.000Z', local: '2025-11-11T00:00:00',
      values: { issues: 3, automationRate: 0, firstResponseMedian: 30, csatAverage: null, backlog: 1 } },
  ]);
  // the same instants in UTC: E and F both fall on the 10th
  const utc = await get(`timeseries?${RANGE}&bucket=day&tz=UTC&metric=issues`);
  expect(utc.body.points.map((p: any) => p.values.issues)).toEqual([6, 2]);
});

it('breaks the figures down by channel', async () => {
  const res = await get(`breakdown?${RANGE}&by=channel`);
  expect(res.status).toBe(200);
  const byChannel = Object.fromEntries(res.body.slices.map((s: any) => [s.value, s.figures]));
  expect(Object.keys(byChannel).sort()).toEqual(['api', 'telegram']);
  expect(byChannel.api).toMatchObject({ issues: 4, automationRate: 0.25, handoffRate: 0.25, csat: { average: 2, responses: 1 }, slaCompliance: 0.5, backlog: 0 });
  expect(byChannel.telegram).toMatchObject({ issues: 4, automationRate: 0.25, handoffRate: 0.5, csat: { average: 5, responses: 1 }, slaCompliance: 0.5, backlog: 1 });
  expect(byChannel.api.firstResponseSeconds.median).toBeCloseTo(35); // A 20, B 40, E 30, G 50
});

describe('drill-down', () => {
  it('lists the issues behind a figure, a page at a time', async () => {
    const automated = await get(`issues?${RANGE}&figure=automated`);
    expect(automated.status).toBe(200);
    expect(automated.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.A, ISSUE.C]);
    const silent = await get(`issues?${RANGE}&figure=automated&automation=silence72h`);
    expect(silent.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.A, ISSUE.F, ISSUE.G]);

    const first = await get(`issues?${RANGE}&figure=handed_off&limit=2`);
    expect(first.body).toMatchObject({ total: 3, offset: 0, nextOffset: 2 });
    expect(first.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.D, ISSUE.E]);
    expect(first.body.issues[1]).toMatchObject({
      channel: 'api', team: 'returns', language: 'ru', reopened: true, firstResponseSeconds: 30, humanFirstResponseSeconds: 1500,
      resolutionSeconds: 2400, csat: 2, handedOff: true, automated: false,
    });
    const second = await get(`issues?${RANGE}&figure=handed_off&limit=2&offset=2`);
    expect(second.body).toMatchObject({ total: 3, nextOffset: null });
    expect(second.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.H]);

    const telegramBilling = await get(`issues?${RANGE}&channel=telegram&team=billing`);
    expect(telegramBilling.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.D, ISSUE.H]);
  });

  it('exports CSV with a header row, formula-safe cells', async () => {
    const csv = await getCsv(`issues?${RANGE}&figure=automated&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const [header, ...rows] = parse(csv.text) as string[][];
    expect(header!.slice(0, 4)).toEqual(['issueId', 'createdAt', 'status', 'channel']);
    expect(rows).toHaveLength(2);
    const a = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(a).toMatchObject({ issueId: ISSUE.A, createdAt: '2025-11-10T09:00:00.000Z', channel: 'api', firstResponseSeconds: '20',
      resolutionSeconds: '3620', automated: 'true', handedOff: 'false', csat: '' });

    const summary = await getCsv(`summary?${RANGE}&format=csv`);
    const [sHeader, sRow] = parse(summary.text) as string[][];
    const s = Object.fromEntries(sHeader!.map((h, i) => [h, sRow![i]]));
    expect(s).toMatchObject({ issues: '8', automationRate: '0.25', 'firstResponseSeconds.median': '40', 'csat.average': '3.5' });

    const breakdown = await getCsv(`breakdown?${RANGE}&by=channel&format=csv`);
    expect(breakdown.text.split('\r\n')[0]).toMatch(/^channel,issues,automationRate,/);
    const series = await getCsv('timeseries?from=2025-11-09T21:00:00Z&to=2025-11-11T21:00:00Z&tz=Europe/Moscow&metric=issues&format=csv');
    expect(series.text).toBe('start,local,issues\r\n2025-11-09T21:00:00.000Z,2025-11-10T00:00:00,5\r\n2025-11-10T21:00:00.000Z,2025-11-11T00:00:00,3\r\n');
  });
});

describe('who may ask and what they may ask', () => {
  it('answers supervisors and admins; agents get 403, nobody 401', async () => {
    for (const path of ['summary', 'timeseries', 'breakdown', 'issues']) {
      const q = `${path}?${RANGE}${path === 'breakdown' ? '&by=channel' : ''}`;
      expect((await get(q, sys.operatorToken)).status).toBe(403);
      expect((await get(q, sys.adminToken)).status).toBe(200);
      expect((await get(q, supervisor)).status).toBe(200);
      expect((await sys.api('GET', `/api/v1/analytics/${q}`)).status).toBe(401);
    }
  });

  it.each([
    ['from after to', 'summary?from=2025-11-12T00:00:00Z&to=2025-11-10T00:00:00Z', /after/],
    ['an empty range', 'summary?from=2025-11-12T00:00:00Z&to=2025-11-12T00:00:00Z', /after/],
    ['a range over 400 days', 'summary?from=2024-01-01T00:00:00Z&to=2025-11-12T00:00:00Z', /400 days/],
    ['no zone on a date', 'summary?from=2025-11-10T00:00:00&to=2025-11-12T00:00:00Z', /ISO 8601/],
    ['no range', 'summary', /from/],
    ['an unknown time zone', `timeseries?${RANGE}&tz=Mars/Olympus`, /IANA/],
    ['an unknown bucket', `timeseries?${RANGE}&bucket=fortnight`, /bucket/],
    ['an unknown metric', `timeseries?${RANGE}&metric=issues,happiness`, /happiness/],
    ['an unknown slice', `breakdown?${RANGE}&by=mood`, /by/],
    ['an unknown automation definition', `summary?${RANGE}&automation=vibes`, /automation/],
    ['a JSON page too long', `issues?${RANGE}&limit=501`, /500/],
  ])('refuses %s with a clear 400', async (_what, path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });
});

describe('later slices: resolved, final resolution, next response, business hours', () => {
  it('counts the resolved issues and times the next responses of the scripted days', async () => {
    const s = (await get(`summary?${RANGE}`)).body;
    expect(s.resolved).toBe(5); // A, C, D, E, F
    expect(s.finalResolutionSeconds).toEqual({ median: 3910, p90: 6300 }); // 1800 3620 4200 7200 (F reopened since)
    // E 20:34 -> 21:00 (1560), E 21:15 -> 21:30 (900), F 23:00 -> 23:00:05 (5); unanswered turns do not count
    expect(s.nextResponses).toBe(3);
    expect(s.nextResponseSeconds.median).toBeCloseTo(900);
    expect(s.nextResponseSeconds.p90).toBeCloseTo(1428); // 900 + 0.8 * 660
    // the default calendar is open around the clock: business hours are calendar time
    expect(s.businessHours.firstResponseSeconds).toEqual(s.firstResponseSeconds);
    expect(s.definitions.nextResponseSeconds).toMatch(/later turn/);
  });

  it('counts durations in business hours on the calendar of the task\'s SLA policy (a Friday 17:50 message answered Monday 09:10: 20 minutes)', async () => {
    const res = await get('summary?from=2025-11-14T00:00:00Z&to=2025-11-15T00:00:00Z');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.issues).toBe(1);
    expect(s.firstResponseSeconds).toEqual({ median: 228000, p90: 228000 });
    expect(s.resolutionSeconds).toEqual({ median: 315000, p90: 315000 });
    expect(s.nextResponseSeconds).toEqual({ median: 28200, p90: 49320 }); // 1800, 54600
    expect(s.businessHours).toEqual({
      firstResponseSeconds: { median: 1200, p90: 1200 },
      humanFirstResponseSeconds: { median: 1195, p90: 1195 },
      nextResponseSeconds: { median: 1200, p90: 1680 }, // 1800, 600
      resolutionSeconds: { median: 34200, p90: 34200 },
      finalResolutionSeconds: { median: 34200, p90: 34200 },
    });
    const issues = await get('issues?from=2025-11-14T00:00:00Z&to=2025-11-15T00:00:00Z');
    expect(issues.body.issues).toEqual([expect.objectContaining({
      issueId: ISSUE.I, firstResponseSeconds: 228000, businessFirstResponseSeconds: 1200, businessResolutionSeconds: 34200,
      nextResponses: 2, longestNextResponseSeconds: 54600,
    })]);
    const series = await get('timeseries?from=2025-11-14T00:00:00Z&to=2025-11-15T00:00:00Z&metric=businessFirstResponseMedian,nextResponseMedian,resolved');
    expect(series.body.points).toEqual([{ start: '2025-11-14T00:00:00.000Z', local: '2025-11-14T00:00:00',
      values: { businessFirstResponseMedian: 1200, nextResponseMedian: 28200, resolved: 1 } }]);
  });
});

it('drills into the slice without a team with team=none', async () => {
  const byTeam = await get(`breakdown?${RANGE}&by=team`);
  const none = byTeam.body.slices.find((slice: any) => slice.value === null);
  expect(none.figures).toMatchObject({ issues: 5, automationRate: 2 / 5 }); // A B C F G; A, C automated
  const issues = await get(`issues?${RANGE}&team=none`);
  expect(issues.status).toBe(200);
  expect(issues.body.issues.map((i: any) => i.issueId)).toEqual([ISSUE.A, ISSUE.B, ISSUE.C, ISSUE.F, ISSUE.G]);
  const summary = await get(`summary?${RANGE}&team=none`);
  expect(summary.body).toMatchObject({ issues: 5, automationRate: 2 / 5, handoffRate: 0 });
});

it('writes the definitions in Russian for lang=ru or Accept-Language: ru', async () => {
  const english = await get(`summary?${RANGE}`);
  expect(english.body.definitions.automationRate).toMatch(/without any human task/);
  const russian = await get(`summary?${RANGE}&lang=ru`);
  expect(russian.status).toBe(200);
  expect(russian.body.definitions.automationRate).toMatch(/без задачи оператору/);
  expect(Object.keys(russian.body.definitions).sort()).toEqual(Object.keys(english.body.definitions).sort());
  const byHeader = await sys.api('GET', `/api/v1/analytics/breakdown?${RANGE}&by=channel&automation=silence24h`,
    { token: supervisor, headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
  expect(byHeader.body.definitions.automationRate).toMatch(/Intercom.*24 часа/);
  expect((await get(`summary?${RANGE}&lang=de`)).status).toBe(400);
});

it('counts a conversation that went through the real pipeline', async () => {
  await addPasswordArticle(sys);
  const from = new Date(Date.now() - 60_000).toISOString();
  const sent = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey,
    body: { messageId: randomUUID(), customer: { externalId: `analytics-${randomUUID()}` }, text: 'How can I reset my password?' },
  });
  expect(sent.status).toBe(202);
  const issueId = sent.body.issueId as string;
  const row = await eventually(async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await get(`issues?from=${from}&to=${to}&channel=api&limit=500`);
    const found = res.body.issues?.find((i: any) => i.issueId === issueId);
    return found?.firstResponseSeconds !== null && found?.firstResponseSeconds !== undefined ? found : undefined;
  }, 60_000, 'the answered issue in the drill-down');
  expect(row).toMatchObject({ channel: 'api', handedOff: false, reopened: false });
  expect(row.firstResponseSeconds).toBeGreaterThanOrEqual(0);
  expect(row.firstResponseSeconds).toBeLessThan(120);
}, 90_000);
