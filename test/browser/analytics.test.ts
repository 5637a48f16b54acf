/**
 * The analytics dashboard in a real Chromium against the real system: issues made through the API channel (one
 * answered by the assistant, one handed to a person) show up in the summary card with the count the API gives,
 * the charts draw (SVG inside each chart), a bar lists its issues, the CSV export answers text/csv with a header
 * row (fetched from the page with its cookie), the Russian UI renders, and an agent sees no link and is refused
 * the screen. Screenshots for the README go to docs/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { newConsoleContext, signInToConsole } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createPerson } from '../support/people';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { formatDuration } from '../../console/src/screens/analytics/format';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

let sys: TestSystem;
let browser: Browser;
let supervisor: { id: string; email: string; password: string };
let agent: { id: string; email: string; password: string };
/** an experiment whose two variants change nothing (no greeting either way): its customers make the variant slice */
let experiment: { id: string; name: string };
let range: { from: string; to: string };
let escalatedIssue: string;

async function send(text: string): Promise<string> {
  const customer = { externalId: `analytics-${randomUUID()}`, name: 'Dana Customer' };
  const res = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer, text } });
  expect(res.status).toBe(202);
  return res.body.issueId as string;
}

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  await addPasswordArticle(sys);
  supervisor = await createPerson(sys, { role: 'supervisor', name: 'Sam Supervisor', email: `sam-${Date.now()}@example.com` });
  agent = await createPerson(sys, { role: 'agent', name: 'Anna Agent', email: `anna-${Date.now()}@example.com` });
  experiment = await startTwinExperiment();
  const from = new Date(Date.now() - 60_000).toISOString();
  await send('How do I reset my password?');
  const escalated = await send('I want a person');
  // the projection has recorded both, and the handoff of the second. The drill-down lists oldest first a page at a
  // time, and other test files share the database (the demo traffic alone makes hundreds of issues): page through.
  const to = new Date(Date.now() + 3_600_000).toISOString();
  range = { from, to };
  escalatedIssue = escalated;
  await eventually(async () => {
    for (let offset: number | null = 0; offset !== null;) {
      const res = await sys.api('GET', `/api/v1/analytics/issues?from=${from}&to=${to}&figure=handed_off&offset=${offset}`, { token: sys.adminToken });
      if (res.body.issues?.some((i: { issueId: string }) => i.issueId === escalated)) return true;
      offset = res.body.nextOffset ?? null;
    }
    return undefined;
  }, 30_000, 'the escalated issue in the analytics');
});

afterAll(async () => {
  if (experiment) await sys.api('POST', `/api/v1/experiments/${experiment.id}/stop`, { token: sys.adminToken });
  await browser?.close();
  await sys?.stop();
});

/**
 * A greeting experiment on the API channel whose variants both send no greeting: customers are assigned at intake
 * and land in the variant slice, and nobody's answers change. A greeting experiment left running by a crashed run
 * (one runs per setting) is stopped first, as the experiments tests clean up.
 */
async function startTwinExperiment(): Promise<{ id: string; name: string }> {
  await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running' AND setting = 'greeting'`);
  const name = `Analytics twins ${Date.now()}`;
  const res = await sys.api('POST', '/api/v1/experiments', { token: sys.adminToken, body: {
    name, setting: 'greeting', channel: 'api',
    variants: [{ name: 'control', share: 0.5, value: '' }, { name: 'twin', share: 0.5, value: '' }],
  } });
  expect(res.status).toBe(201);
  return { id: res.body.experiment.id, name };
}

const signIn = (page: Page, who: { email: string; password: string }) => signInToConsole(page, sys.url, who);
const newContext = (): Promise<BrowserContext> => newConsoleContext(browser);

/** Each chart has drawn its SVG (recharts renders once its container has a size). */
async function chartsDrawn(page: Page): Promise<void> {
  for (const chart of ['timeseries', 'breakdown', 'funnel']) {
    await page.locator(`[data-chart="${chart}"] svg.recharts-surface`).first().waitFor({ timeout: 15_000 });
  }
}

describe('analytics dashboard in Chromium', () => {
  it('shows a supervisor the figures the API gives, draws the charts, drills down, exports CSV, in English and Russian', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, supervisor);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      const summaryAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/analytics/summary?'));
      await page.getByRole('link', { name: 'Analytics' }).click();
      await page.getByRole('heading', { name: 'Analytics' }).waitFor();

      // the card shows what the API answers for the page's own query
      const asked = new URL((await summaryAnswer).url());
      const api = await sys.api('GET', `${asked.pathname}${asked.search}`, { token: sys.adminToken });
      expect(api.status).toBe(200);
      expect(api.body.issues).toBeGreaterThanOrEqual(2);
      expect(asked.searchParams.get('automation')).toBe('switchboard');
      const issuesCard = page.locator('[data-figure="issues"]');
      await expect(issuesCard.locator('[data-value]').textContent()).resolves.toBe(String(api.body.issues));
      // each figure carries its published definition
      expect(await issuesCard.locator('[data-definition]').textContent()).toBe(api.body.definitions.issues);
      expect(await page.locator('[data-figure="handoffRate"] [data-value]').textContent()).not.toBe('—');

      // next response times in their own card; the time cards switch between calendar time and business hours
      const shown = await (await summaryAnswer).json();
      const card = (figure: string) => page.locator(`[data-figure="${figure}"]`);
      expect(await card('nextResponse').locator('[data-value]').textContent()).toBe(formatDuration(shown.nextResponseSeconds.median, 'en'));
      expect(await card('firstResponse').getAttribute('data-hours')).toBe('calendar');
      await page.getByRole('radiogroup', { name: 'Times counted in' }).getByText('Business hours').click();
      for (const [figure, key] of [['firstResponse', 'firstResponseSeconds'], ['resolution', 'resolutionSeconds'], ['nextResponse', 'nextResponseSeconds']]) {
        await page.locator(`[data-figure="${figure}"][data-hours="business"]`).waitFor();
        expect(await card(figure!).locator('[data-value]').textContent()).toBe(formatDuration(shown.businessHours[key!].median, 'en'));
        expect(await card(figure!).locator('[data-definition]').textContent()).toBe(shown.definitions.businessHours);
      }
      await page.getByRole('radiogroup', { name: 'Times counted in' }).getByText('Calendar time').click();
      await page.locator('[data-figure="firstResponse"][data-hours="calendar"]').waitFor();

      await chartsDrawn(page);
      expect(Number(await page.locator('[data-chart="breakdown"]').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
      await page.locator('[data-chart="timeseries"] .recharts-bar-rectangle').first().waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-analytics-en.png'), fullPage: true });

      // drill-down: the issues behind the handoff rate, each a link to the issue in the console
      await page.locator('[data-drill="handoffRate"]').click();
      const drilled = page.locator('[data-drilldown="handed_off"]');
      await drilled.locator('tr[data-issue]').first().waitFor();
      const issueLink = drilled.locator('tr[data-issue] a').first();
      expect(await issueLink.getAttribute('href')).toMatch(/^\/console\/issues\/[0-9a-f-]{36}$/);

      // a bar of the breakdown lists the issues of its slice
      await page.locator('[data-chart="breakdown"] .recharts-bar-rectangle').first().click();
      // (the biggest channel first: the API's here, unless other tests' e-mail or widget issues outnumber it)
      await page.locator('[data-drilldown^="channel="] tr[data-issue]').first().waitFor();

      // the experiment-variant slice: the test's experiment's variants, named by the experiment, as the API counts them
      const byVariant = page.waitForResponse((r) => r.url().includes('/api/v1/analytics/breakdown?') && r.url().includes('by=variant'));
      await page.getByRole('radiogroup', { name: 'Break down by' }).getByText('Experiment variant').click();
      const variantSlices = ((await (await byVariant).json()).slices as { value: string | null; figures: { issues: number } }[])
        .filter((v) => v.value?.startsWith(`${experiment.id}:`));
      expect(variantSlices.reduce((sum, v) => sum + v.figures.issues, 0)).toBe(2);
      await page.locator('[data-chart="breakdown"][data-by="variant"]').waitFor();
      // each bar's name on the axis (recharts may wrap a long one into a <tspan> a word: compared without spaces)
      const bare = (text: string) => text.replace(/\s+/g, '');
      let ticks: string[] = [];
      await eventually(async () => {
        ticks = (await page.locator('[data-chart="breakdown"] text.recharts-cartesian-axis-tick-value').allTextContents()).map(bare);
        return variantSlices.every((v) => ticks.includes(bare(`${experiment.name}: ${v.value!.slice(experiment.id.length + 1)}`))) || undefined;
      }, 15_000, 'the variants named on the axis').catch((error: Error) => { throw new Error(`${error.message}; the axis shows ${ticks.join(', ')}`); });
      // back to channels (the README's screenshots show that breakdown; the shared test database has many experiments)
      await page.getByRole('radiogroup', { name: 'Break down by' }).getByText('Channel').click();
      await page.locator('[data-chart="breakdown"][data-by="channel"]').waitFor();

      // CSV of each view: the link's own URL, fetched with the page's cookie
      for (const view of ['summary', 'timeseries', 'breakdown', 'issues']) {
        const href = await page.locator(`[data-csv="${view}"]`).first().getAttribute('href');
        expect(href).toContain('format=csv');
        const csv = await page.evaluate(async (url) => {
          const r = await fetch(url!);
          return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
        }, href);
        expect(csv.status).toBe(200);
        expect(csv.type).toMatch(/^text\/csv/);
        expect(csv.text.split('\n')[0]).toMatch(/^[A-Za-z]/); // a header row
        if (view === 'summary') expect(csv.text.split('\n')[0]).toContain('issues');
      }

      // the definition switch asks the API for the other definition
      const silence = page.waitForResponse((r) => r.url().includes('/api/v1/analytics/summary?') && r.url().includes('automation=silence24h'));
      await page.getByRole('radiogroup', { name: 'Automation counted as' }).getByText('24 h silence (Intercom)').click();
      expect((await silence).status()).toBe(200);

      // the Russian UI
      await page.getByRole('radiogroup', { name: 'Language' }).getByText('Русский').click();
      await page.getByRole('heading', { name: 'Аналитика' }).waitFor();
      await page.locator('[data-figure="issues"]').getByText('Обращения', { exact: false }).first().waitFor();
      await page.getByText('Ассистент → передано людям → решено').waitFor();
      await chartsDrawn(page);
      await page.locator('[data-drilldown]').getByRole('button', { name: 'Закрыть' }).click();
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-analytics-ru.png'), fullPage: true });
      await page.getByRole('radiogroup', { name: 'Язык' }).getByText('English').click();
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('slices the API figures by experiment variant: a breakdown, a filter, and the issues without one', async () => {
    const q = `from=${range.from}&to=${range.to}`;
    const breakdown = await sys.api('GET', `/api/v1/analytics/breakdown?${q}&by=variant`, { token: sys.adminToken });
    expect(breakdown.status).toBe(200);
    const mine = (breakdown.body.slices as { value: string | null; figures: { issues: number; handoffRate: number | null } }[])
      .filter((s) => s.value?.startsWith(`${experiment.id}:`));
    expect(mine.map((s) => s.value!.split(':')[1]).every((v) => v === 'control' || v === 'twin')).toBe(true);
    expect(mine.reduce((sum, s) => sum + s.figures.issues, 0)).toBe(2);
    // the escalated issue's variant: a filter on it gives that slice's figures and lists the issue
    const mineEscalated = await sys.api('GET', `/api/v1/analytics/issues?${q}&figure=handed_off&limit=500&variant=${encodeURIComponent(mine[0]!.value!)}`, { token: sys.adminToken });
    const other = mine[1];
    const listed = (mineEscalated.body.issues as { issueId: string }[]).some((i) => i.issueId === escalatedIssue);
    const inOther = other && (await sys.api('GET', `/api/v1/analytics/issues?${q}&figure=handed_off&limit=500&variant=${encodeURIComponent(other.value!)}`, { token: sys.adminToken }))
      .body.issues.some((i: { issueId: string }) => i.issueId === escalatedIssue);
    expect(listed !== Boolean(inOther)).toBe(true);
    for (const slice of mine) {
      const summary = await sys.api('GET', `/api/v1/analytics/summary?${q}&variant=${encodeURIComponent(slice.value!)}`, { token: sys.adminToken });
      expect(summary.status).toBe(200);
      expect(summary.body.issues).toBe(slice.figures.issues);
    }
    // `none`: the issues of no experiment, which the test's own issues are not
    const none = await sys.api('GET', `/api/v1/analytics/issues?${q}&figure=handed_off&limit=500&variant=none`, { token: sys.adminToken });
    expect(none.status).toBe(200);
    expect((none.body.issues as { issueId: string }[]).some((i) => i.issueId === escalatedIssue)).toBe(false);
    const bad = await sys.api('GET', `/api/v1/analytics/breakdown?${q}&by=experiment`, { token: sys.adminToken });
    expect(bad.status).toBe(400);
  });

  it('downloads the CSV with the token in a session signed in with an API token (no cookie)', async () => {
    const created = await sys.api('POST', '/api/v1/tokens', { token: sys.adminToken, body: { name: 'analytics-csv', role: 'supervisor' } });
    expect(created.status).toBe(201);
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${sys.url}/console/`);
      await page.getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await page.getByLabel(/^API token/).fill(created.body.token);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('link', { name: 'Analytics' }).click();
      await page.locator('[data-figure="issues"] [data-value]').waitFor();
      expect((await context.cookies()).some((c) => c.name === 'sb_session')).toBe(false);
      const download = page.waitForEvent('download');
      await page.locator('[data-csv="summary"]').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('summary.csv');
      const stream = await file.createReadStream();
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      expect(text.split('\n')[0]).toContain('issues');
    } finally {
      await context.close();
    }
  });

  it('gives an agent no link, the forbidden view when typed in, and a 403 from the API', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      await signIn(page, agent);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      expect(await page.getByRole('link', { name: 'Analytics' }).count()).toBe(0);
      await page.goto(`${sys.url}/console/analytics`);
      await page.locator('[data-forbidden]').waitFor();
      expect(await page.locator('[data-screen="analytics"]').count()).toBe(0);
      const status = await page.evaluate(async () => (await fetch(`/api/v1/analytics/summary?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`)).status);
      expect(status).toBe(403);
    } finally {
      await context.close();
    }
  });
});
