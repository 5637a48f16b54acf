/**
 * The operator console in a real Chromium against the real system (gateway serving the built console, worker,
 * Temporal, PostgreSQL): an agent signs in, a customer asks for a person in the chat widget, the task appears
 * live in the queue, the agent claims it, replies (with the assistant's draft when the issue has one) with
 * Ctrl+Enter, the customer gets the reply in the widget, the agent resolves. An agent cannot open admin
 * screens (nor call their API); the Russian UI renders. Screenshots for the README go to docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { newConsoleContext, signInToConsole, type SignInLabels } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createPerson } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

let sys: TestSystem;
let browser: Browser;
let agent: { id: string; email: string; password: string };
let admin: { id: string; email: string; password: string };

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem(), launchChromium()]);
  // A team's queue as at the start of a shift: the tasks earlier test files left open (their workers are gone,
  // their SLA due times long past) would fill the first page, soonest due first, ahead of this test's task.
  await sys.db.query("UPDATE human_tasks SET status = 'done', closed_at = now() WHERE status <> 'done'");
  agent = await createPerson(sys, { role: 'agent', name: 'Anna Agent', email: `anna-${Date.now()}@example.com`, languages: ['en', 'ru'] });
  admin = await createPerson(sys, { role: 'admin', name: 'Alex Admin', email: `alex-${Date.now()}@example.com` });
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

const signIn = (page: Page, who: { email: string; password: string }, labels?: SignInLabels) => signInToConsole(page, sys.url, who, labels);
const newContext = (locale?: string): Promise<BrowserContext> => newConsoleContext(browser, locale);

describe('operator console in Chromium', () => {
  it('a task appears live, the agent claims it, replies with Ctrl+Enter, the customer gets it, the agent resolves', async () => {
    const consoleContext = await newContext();
    const customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await consoleContext.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, agent);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      await page.locator('[data-live="live"]').waitFor({ timeout: 15_000 });

      const before = await sys.api('GET', '/api/v1/tasks?limit=500', { token: sys.adminToken });
      const earlier = new Set<string>(before.body.tasks.map((t: { taskId: string }) => t.taskId));

      // the customer, in the widget on the demo page
      const widget = await customerContext.newPage();
      await widget.goto(`${sys.url}/demo`);
      await widget.getByRole('button', { name: 'Open support chat' }).click();
      await widget.getByRole('textbox', { name: 'Your message' }).fill('I want a person');
      await widget.getByRole('button', { name: 'Send' }).click();

      // live: the queue shows the task without a reload (while events arrive, the queue polls only once a minute)
      const newTaskId = await eventually(async () => {
        const shown = await page.locator('tr[data-task]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task') ?? ''));
        return shown.find((id) => !earlier.has(id));
      }, 30_000, 'the new task in the queue');
      const row = page.locator(`tr[data-task="${newTaskId}"]`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-queue-en.png') });

      await row.getByRole('button', { name: 'Claim' }).click();
      await page.getByRole('log', { name: 'Conversation' }).getByText('I want a person').waitFor({ timeout: 15_000 });
      const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
      await expectEnabled(reply);

      const issueId = page.url().split('/issues/')[1]!;
      const state = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.adminToken });
      const draft = state.body.issue.task?.draft?.text as string | undefined;
      if (draft) {
        // the assistant drafted a reply: the agent starts from it
        await page.getByRole('button', { name: /Use the draft/ }).click();
        expect(await reply.inputValue()).toBe(draft);
        await reply.fill(`${draft}\nAnna here, I am on it.`);
      } else {
        await reply.fill('Hello! Anna here, I am on it.');
      }
      const sent = await reply.inputValue();
      await reply.press('Control+Enter');
      await page.getByRole('log', { name: 'Conversation' }).locator('[data-author="operator"]').waitFor({ timeout: 20_000 });
      expect(await reply.inputValue()).toBe('');

      // the customer sees the reply in the widget, live
      await widget.locator('.sb-msg--operator', { hasText: 'Anna here, I am on it.' }).waitFor({ timeout: 30_000 });
      expect(sent).toContain('Anna here, I am on it.');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-issue-en.png') });

      // an internal note: shown to the team, never to the customer
      await page.getByRole('tab', { name: 'Notes and tags' }).click();
      await page.getByRole('textbox', { name: 'Internal note' }).fill('Customer prefers e-mail follow-ups');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByText('Customer prefers e-mail follow-ups', { exact: true }).waitFor();
      expect(await widget.getByText('Customer prefers e-mail follow-ups').count()).toBe(0);

      // the Russian UI, switched in the header (and remembered)
      await page.getByRole('radiogroup', { name: 'Language' }).getByText('Русский').click();
      await page.getByRole('button', { name: 'Решить' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-issue-ru.png') });
      await page.getByRole('link', { name: 'Очередь' }).click();
      // "Мои": the agent's own tasks (the whole queue, soonest deadline first, may hold more than one page)
      await page.getByRole('radiogroup', { name: 'Показать' }).getByText('Мои', { exact: true }).click();
      await page.locator(`tr[data-task="${newTaskId}"]`).getByText('Моя').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-queue-ru.png') });
      await page.goBack();
      await page.getByRole('button', { name: 'Решить' }).click();
      await page.locator('[data-status="resolved"]').waitFor({ timeout: 20_000 });
      await page.reload();
      await page.getByRole('button', { name: 'Открыть снова' }).waitFor({ timeout: 15_000 });
      // N: on to the next task (or back to the queue when none waits)
      await page.keyboard.press('n');
      await page.waitForURL((url) => !url.pathname.includes(issueId));
      await page.getByRole('link', { name: 'Очередь' }).click();
      await page.getByRole('heading', { name: 'Очередь' }).waitFor();
      expect(trouble).toEqual([]);
    } finally {
      await consoleContext.close();
      await customerContext.close();
    }
  });

  it('lets an agent go online, shows them no admin screens, refuses them when typed in (the server too), and signs them out when an admin revokes their sessions', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, agent);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      // my status, set in the header, is what routing sees
      await page.getByRole('button', { name: 'My status' }).click();
      await page.getByRole('menuitem', { name: 'Online' }).click();
      await page.getByRole('button', { name: 'My status' }).getByText('Online').waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json() as Promise<{ operator: { status: string } }>);
      expect(me.operator.status).toBe('online');
      await page.keyboard.press('Escape');
      expect(await page.getByRole('link', { name: 'Operators' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
      await page.goto(`${sys.url}/console/admin/operators`);
      await page.locator('[data-forbidden]').waitFor();
      expect(await page.getByRole('table', { name: 'Operators' }).count()).toBe(0);
      // the server's word, with the same cookie the console uses
      const status = await page.evaluate(async () => (await fetch('/api/v1/tokens')).status);
      expect(status).toBe(403);

      // an admin signs the agent out everywhere: the console's next request finds the session gone
      const revoked = await sys.api('DELETE', `/api/v1/operators/${agent.id}/sessions`, { token: sys.adminToken });
      expect(revoked.status).toBe(200);
      await page.getByRole('link', { name: 'Queue' }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets an admin (in Russian, as the browser speaks it) open every admin screen, make and edit a team, invite a person who opens the link, chooses a password and is signed in', async () => {
    const context = await newContext('ru-RU');
    try {
      const page = await context.newPage();
      const trouble = watchForTrouble(page);
      await signIn(page, admin, { email: 'Эл. почта', password: 'Пароль', submit: 'Войти' });
      await page.getByRole('heading', { name: 'Очередь' }).waitFor();
      // every admin screen opens (a server without its API yet says so instead of failing)
      for (const [link, heading] of [['Команды', 'Команды'], ['Политики SLA', 'Политики SLA'], ['Рабочие часы', 'Рабочие часы'], ['API-токены', 'API-токены'], ['Шаблоны ответов', 'Шаблоны ответов']]) {
        await page.getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
      // a team with a member, then renamed through Edit
      const team = `Поддержка ${Date.now()}`;
      await page.getByRole('link', { name: 'Команды' }).click();
      await page.getByRole('textbox', { name: 'Имя' }).fill(team);
      await page.getByRole('combobox', { name: 'Участники' }).click();
      await page.getByRole('option', { name: 'Anna Agent' }).first().click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Создать' }).click();
      await page.getByRole('table', { name: 'Команды' }).getByRole('row', { name: new RegExp(team) }).waitFor();
      const teams = await sys.api('GET', '/api/v1/teams', { token: sys.adminToken });
      const created = teams.body.teams.find((x: { name: string }) => x.name === team);
      const people = await sys.api('GET', '/api/v1/operators', { token: sys.adminToken });
      const names = created.memberIds.map((id: string) => people.body.operators.find((o: { id: string }) => o.id === id)?.name);
      expect(names).toEqual(['Anna Agent']);
      await page.getByRole('table', { name: 'Команды' }).getByRole('row', { name: new RegExp(team) }).getByRole('button', { name: 'Изменить' }).click();
      await page.getByRole('textbox', { name: 'Имя' }).fill(`${team} (RU)`);
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByRole('table', { name: 'Команды' }).getByText(`${team} (RU)`).waitFor();

      await page.getByRole('link', { name: 'Операторы' }).click();
      await page.getByRole('table', { name: 'Операторы' }).getByText('Anna Agent').first().waitFor();
      // an invitation: the link to hand to the new person
      await page.getByLabel(/^Эл. почта/).fill(`boris-${Date.now()}@example.com`);
      await page.getByLabel(/^Имя/).fill('Борис');
      await page.getByRole('button', { name: 'Пригласить' }).click();
      const link = (await page.locator('code', { hasText: '/console/invitation#token=' }).textContent())!;
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-operators-ru.png') });

      // the invited person opens the link, chooses a password and is signed in as an agent
      const invited = await newContext('ru-RU');
      try {
        const welcome = await invited.newPage();
        await welcome.goto(link);
        await welcome.getByLabel(/^Пароль/).fill('a long enough password');
        await welcome.getByLabel(/^Повторите пароль/).fill('a long enough password');
        await welcome.getByRole('button', { name: 'Задать пароль и войти' }).click();
        await welcome.getByRole('heading', { name: 'Очередь' }).waitFor();
        expect(await welcome.locator('[data-operator-name]').textContent()).toBe('Борис');
        expect(new URL(welcome.url()).hash).toBe('');
      } finally {
        await invited.close();
      }
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

async function expectEnabled(locator: ReturnType<Page['locator']>): Promise<void> {
  for (let i = 0; i < 100 && !(await locator.isEnabled()); i++) await new Promise((r) => setTimeout(r, 150));
  expect(await locator.isEnabled()).toBe(true);
}
