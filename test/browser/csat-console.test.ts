/**
 * The customer's rating in the operator console, in a real Chromium against the real system: an agent resolves an
 * issue, the customer rates it with a comment, and the agent sees the rating on the issue and in *My ratings*.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { newConsoleContext, signInToConsole } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { asBrowser, createPerson, signIn } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let browser: Browser;

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem({ CSAT_REMINDER_AFTER: 'off' }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

it('shows the rating, its comment and when on the issue, and in the agent\'s own recent ratings', async () => {
  const agent = await createPerson(sys, { role: 'agent', name: 'Rita Agent', email: `rita-${Date.now()}@example.com` });
  const session = asBrowser(await signIn(sys, agent.email, agent.password));
  const externalId = `rated-${randomUUID()}`;
  const accepted = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: 'm-1', customer: { externalId, name: 'Rated Customer' }, text: 'I want to talk to a human' } });
  const issueId = accepted.body.issueId as string;
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.adminToken });
    return res.body.tasks?.find((t: { issueId: string }) => t.issueId === issueId);
  }, 30_000, 'the human task');
  expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { headers: session })).status).toBe(200);
  expect((await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { headers: session, body: { text: 'Sorted!' } })).status).toBe(201);
  expect((await sys.api('POST', `/api/v1/issues/${issueId}/resolve`, { headers: session })).status).toBe(200);
  expect((await sys.api('POST', `/api/v1/issues/${issueId}/csat`, { token: sys.apiKey, body: { score: 4, comment: 'Slow but fine' } })).status).toBe(202);
  await eventually(async () => ((await sys.api('GET', '/api/v1/me/ratings', { headers: session })).body.count > 0 ? true : undefined), 30_000, 'the rating recorded');

  const context = await newConsoleContext(browser);
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  await signInToConsole(page, sys.url, agent);
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.goto(`${sys.url}/console/issues/${issueId}`);
  const panel = page.getByTestId('csat-panel');
  await panel.getByText('4 of 5', { exact: true }).waitFor({ timeout: 15_000 });
  await panel.getByText('“Slow but fine”').waitFor();
  expect(await panel.textContent()).toMatch(/App/);

  await page.getByRole('link', { name: 'My ratings' }).click();
  const row = page.getByTestId('my-ratings').getByRole('row', { name: /Rated Customer/ });
  await row.waitFor({ timeout: 15_000 });
  expect(await row.textContent()).toContain('Slow but fine');
  await page.screenshot({ path: '/tmp/console-csat.png' });
  expect(trouble).toEqual([]);
  await context.close();
});
