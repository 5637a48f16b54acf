/**
 * The Experiments screen in a real Chromium against the real system: an admin starts a greeting experiment from
 * the form, sees it listed and its results per variant with the small-sample warning, stops it, rolls out a
 * winner and takes the rolled-out value back (the API agrees at each step), the Russian UI renders, and an agent gets no link and is refused.
 * A screenshot for the README goes to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { newConsoleContext, signInToConsole } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createPerson } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

let sys: TestSystem;
let browser: Browser;
let admin: { id: string; email: string; password: string };
let agent: { id: string; email: string; password: string };
let supervisor: { id: string; email: string; password: string };

// experiments change what every customer gets: none left running, nothing left rolled out
const cleanUp = async () => {
  await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
  await sys.db.query('DELETE FROM scenario_settings');
};

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem({}, { worker: false }), launchChromium()]);
  await cleanUp();
  admin = await createPerson(sys, { role: 'admin', name: 'Ada Admin', email: `ada-${Date.now()}@example.com` });
  agent = await createPerson(sys, { role: 'agent', name: 'Anna Agent', email: `anna-${Date.now()}@example.com` });
  supervisor = await createPerson(sys, { role: 'supervisor', name: 'Sam Supervisor', email: `sam-${Date.now()}@example.com` });
});
afterAll(async () => {
  if (sys) await cleanUp();
  await browser?.close();
  await sys?.stop();
});

const signIn = (page: Page, who: { email: string; password: string }) => signInToConsole(page, sys.url, who);

async function experimentNamed(name: string) {
  const res = await sys.api('GET', '/api/v1/experiments', { token: sys.adminToken });
  return (res.body.experiments as { id: string; name: string; status: string; winner: string | null; variants: { value: unknown }[] }[])
    .find((e) => e.name === name);
}

describe('experiments screen in Chromium', () => {
  it('lets an admin start, read, stop and roll out an experiment, in English and Russian', async () => {
    const context = await newConsoleContext(browser);
    try {
      const page = await context.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, admin);
      await page.getByRole('link', { name: 'Experiments' }).click();
      await page.getByRole('heading', { name: 'Experiments', exact: true }).waitFor();

      const name = `Greeting ${Date.now()}`;
      const form = page.locator('[data-new-experiment]');
      await form.getByLabel('Name').fill(name);
      await form.locator('[data-variant-row="1"] textarea').fill('Hello! Thanks for writing to us.');
      await form.getByRole('button', { name: 'Start the experiment' }).click();

      // listed, and its results open: both variants, no issues yet, so the warning says why it cannot decide
      await page.locator(`tr[data-experiment="${name}"]`).waitFor();
      const results = page.locator('[data-experiment-results]');
      await results.locator('[data-sample-warning]').waitFor();
      expect(await results.locator('[data-warning="automationRate"]').textContent())
        .toBe('variant vs control: the automation rate needs at least 10 issues with and 10 without the outcome in each');
      expect(await results.locator('tr[data-variant]').count()).toBe(2);
      expect(await results.locator('tr[data-variant="variant"] [data-issues]').textContent()).toBe('0');
      const created = await experimentNamed(name);
      expect(created).toMatchObject({ status: 'running' });
      expect(created!.variants.map((v) => v.value)).toEqual(['', 'Hello! Thanks for writing to us.']);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-experiments-en.png'), fullPage: true });

      await results.getByRole('button', { name: 'Stop' }).click();
      await page.locator(`tr[data-experiment="${name}"]`).getByText('Stopped').waitFor();
      expect((await experimentNamed(name))!.status).toBe('stopped');

      await results.getByLabel('Winner').click();
      await page.getByRole('option', { name: 'variant', exact: true }).click();
      await results.getByRole('button', { name: 'Roll out to everyone' }).click();
      await results.locator('[data-winner]').getByText('Rolled out: variant').waitFor();
      expect((await experimentNamed(name))!.winner).toBe('variant');
      // the rolled-out value is listed and can be taken back
      const rolledOut = page.locator('tr[data-rolled-out="greeting"]');
      await rolledOut.getByText('"Hello! Thanks for writing to us."').waitFor();
      await rolledOut.getByRole('button', { name: 'Remove' }).click();
      await rolledOut.waitFor({ state: 'detached' });
      expect((await sys.api('GET', '/api/v1/scenario-settings', { token: sys.adminToken })).body.settings).toEqual([]);

      await page.getByRole('radiogroup', { name: 'Language' }).getByText('Русский').click();
      await page.getByRole('heading', { name: 'Эксперименты', exact: true }).waitFor();
      await page.getByText('Внедрён: variant').first().waitFor();
      expect(await results.locator('[data-warning="resolutionSeconds"]').textContent())
        .toBe('variant против control: для показателя «время решения» нужно не меньше 20 значений в каждом');
      await page.getByRole('radiogroup', { name: 'Язык' }).getByText('English').click();
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a supervisor the experiments and their results, read-only: no start, stop, roll-out or remove', async () => {
    const name = `Supervised greeting ${Date.now()}`;
    const created = await sys.api('POST', '/api/v1/experiments', { token: sys.adminToken, body: {
      name, setting: 'greeting', channel: 'api',
      variants: [{ name: 'control', share: 0.5, value: '' }, { name: 'hello', share: 0.5, value: 'Hello!' }],
    } });
    expect(created.status).toBe(201);
    await sys.api('POST', `/api/v1/experiments/${created.body.experiment.id}/rollout`, { token: sys.adminToken, body: { variant: 'hello' } });
    const context = await newConsoleContext(browser);
    try {
      const page = await context.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, supervisor);
      await page.getByRole('link', { name: 'Experiments' }).click();
      await page.getByRole('heading', { name: 'Experiments', exact: true }).waitFor();
      await page.locator(`tr[data-experiment="${name}"]`).click();
      const results = page.locator('[data-experiment-results]');
      await results.locator('tr[data-variant="hello"]').waitFor();
      await results.locator('[data-winner]').getByText('Rolled out: hello').waitFor();
      await page.locator('tr[data-rolled-out="greeting"]').getByText('"Hello!"').waitFor();
      expect(await page.locator('[data-new-experiment]').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Roll out to everyone' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Remove' }).count()).toBe(0);
      // and the API keeps the changes an admin's
      const token = (await sys.api('POST', '/api/v1/tokens', { token: sys.adminToken, body: { name: `sup-${Date.now()}`, role: 'supervisor' } })).body.token;
      const stop = await sys.api('POST', `/api/v1/experiments/${created.body.experiment.id}/stop`, { token });
      expect(stop).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
      await cleanUp();
    }
  });

  it('gives an agent no link, the forbidden view when typed in, and a 403 from the API', async () => {
    const context = await newConsoleContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, agent);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      expect(await page.getByRole('link', { name: 'Experiments' }).count()).toBe(0);
      await page.goto(`${sys.url}/console/admin/experiments`);
      await page.locator('[data-forbidden]').waitFor();
      expect(await page.evaluate(async () => (await fetch('/api/v1/experiments')).status)).toBe(403);
    } finally {
      await context.close();
    }
  });
});
