/**
 * Routing seen from the console in a real Chromium: three agents are online; a Russian-speaking customer asks for
 * a person in the widget, and the task is offered to the least-loaded agent who speaks Russian — not to the one
 * who holds a task already, not to the one who speaks only English. The agent takes it from the offer notice and
 * lands on the issue.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { asBrowser, createPerson, signIn } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let browser: Browser;

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  // A fresh installation's routing: nobody else online, and the default team's dispatcher started by this
  // system's worker (one left by an earlier test file would run on that file's task queue, with no worker).
  await sys.db.query("UPDATE operators SET status = 'offline'");
  await sys.client.workflow.getHandle('dispatcher:default').terminate('a new test system').catch(() => undefined);
});

afterAll(async () => {
  // nobody stays online for the test files after this one
  await sys?.db.query("UPDATE operators SET status = 'offline' WHERE status <> 'offline'");
  await browser?.close();
  await sys?.stop();
});

async function goOnline(person: { email: string; password: string }): Promise<void> {
  const session = await signIn(sys, person.email, person.password);
  const response = await fetch(`${sys.url}/api/v1/me/status`, {
    method: 'PUT', headers: { 'content-type': 'application/json', ...asBrowser(session) }, body: JSON.stringify({ status: 'online', capacity: 2 }),
  });
  expect(response.status).toBe(200);
}

it('offers a Russian customer\'s task to the least-loaded agent who speaks Russian, who takes it from the notice', async () => {
  const stamp = Date.now();
  const olga = await createPerson(sys, { role: 'agent', name: 'Olga', email: `olga-${stamp}@example.com`, languages: ['ru'], capacity: 2 });
  const pavel = await createPerson(sys, { role: 'agent', name: 'Pavel', email: `pavel-${stamp}@example.com`, languages: ['ru'], capacity: 2 });
  const emma = await createPerson(sys, { role: 'agent', name: 'Emma', email: `emma-${stamp}@example.com`, languages: ['en'], capacity: 2 });

  // Olga works in the console: signs in and goes online from the header
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  try {
    const page = await context.newPage();
    const trouble = watchForTrouble(page);
    await page.goto(`${sys.url}/console/`);
    await page.getByLabel('E-mail').fill(olga.email);
    await page.getByLabel(/^Password/).fill(olga.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('button', { name: 'My status' }).click();
    await page.getByRole('menuitem', { name: 'Online' }).click();
    await page.getByRole('button', { name: 'My status' }).getByText('Online').waitFor();
    await page.keyboard.press('Escape');
    await goOnline(pavel);
    await goOnline(emma);

    // Pavel holds a task already (a Russian customer through the API, claimed by him)
    const first = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId: `ru-${randomUUID()}` }, text: 'Позовите оператора, пожалуйста' },
    });
    expect(first.status).toBe(202);
    const firstTask = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/tasks?issueId=${first.body.issueId}`, { token: sys.adminToken });
      return res.body.tasks[0];
    }, 30_000, 'the first task');
    const pavelSession = await signIn(sys, pavel.email, pavel.password);
    const claimed = await fetch(`${sys.url}/api/v1/tasks/${firstTask.taskId}/claim`, { method: 'POST', headers: asBrowser(pavelSession) });
    expect(claimed.status).toBe(200);

    // a Russian-speaking customer in the widget asks for a person
    const customer = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    try {
      const widget = await customer.newPage();
      await widget.goto(`${sys.url}/demo`);
      await widget.getByRole('button', { name: /Open support chat|Открыть чат поддержки/ }).click();
      await widget.getByRole('textbox', { name: /Your message|Ваше сообщение/ }).fill('Здравствуйте! Соедините меня с оператором');
      await widget.getByRole('button', { name: /^(Send|Отправить)$/ }).click();

      // the offer reaches Olga's console as a notice; she takes the task from it and lands on the issue
      const notice = page.getByRole('alert').filter({ hasText: 'A task for you' });
      await notice.waitFor({ timeout: 45_000 });
      await notice.getByRole('button', { name: 'Claim' }).click();
      await page.waitForURL(/\/issues\//);
      await page.getByRole('log', { name: 'Conversation' }).getByText('Соедините меня с оператором').waitFor();
      const issueId = page.url().split('/issues/')[1]!;
      const state = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.adminToken });
      expect(state.body.issue.task).toMatchObject({ status: 'claimed', operatorId: olga.id, language: 'ru' });

      // the dispatcher offered it to Olga alone: not to Pavel (one task already), not to Emma (no Russian)
      const { rows } = await sys.db.query('SELECT operator_id FROM task_offers WHERE task_id = $1', [state.body.issue.task.taskId]);
      expect(rows.map((r: { operator_id: string }) => r.operator_id)).toEqual([olga.id]);
      expect(trouble).toEqual([]);
    } finally {
      await customer.close();
    }
  } finally {
    await context.close();
  }
});
