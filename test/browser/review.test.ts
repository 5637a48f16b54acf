/**
 * The Review screen in a real Chromium against the real system: an answer the customer said "это не то" to waits
 * in the queue with its question and answer; a supervisor writes the right answer and marks it incorrect; the
 * suggested article edit appears under Suggestions, where only an admin may accept it, and accepting changes the
 * article; the Russian UI renders; an agent sees no link and is refused the screen.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { expectAgentRefusedScreen, openConsoleAs } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createPerson } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

let sys: TestSystem;
/**
 * An article of this run's own (a made-up word in it): the test database keeps earlier runs' articles, some
 * edited by their reviews, and the assistant must answer from this one.
 */
const WORD = `badge${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const ARTICLE = { title: `Resetting the ${WORD} door badge`, body: `Hold the ${WORD} badge button for ten seconds until its light blinks twice.`, language: 'en' };
const ASK = `How do I reset the ${WORD} door badge?`;
let browser: Browser;
let supervisor: { id: string; email: string; password: string };
let admin: { id: string; email: string; password: string };
let agent: { id: string; email: string; password: string };
let articleId: string;
let reviewId: string;

async function say(externalId: string, text: string): Promise<string> {
  const res = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
  expect(res.status).toBe(202);
  return res.body.issueId as string;
}

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem({ REVIEW_SAMPLE_SHARE: '0' }), launchChromium()]);
  // the queue starts empty: answers left waiting by earlier test files would fill its first page
  await sys.db.query(`DELETE FROM answer_reviews WHERE status = 'pending'`);
  await sys.api('POST', '/api/v1/kb/articles', { token: sys.adminToken, body: ARTICLE });
  const stamp = Date.now();
  supervisor = await createPerson(sys, { role: 'supervisor', name: 'Rita Reviewer', email: `rita-${stamp}@example.com` });
  admin = await createPerson(sys, { role: 'admin', name: 'Ada Admin', email: `ada-${stamp}@example.com` });
  agent = await createPerson(sys, { role: 'agent', name: 'Anna Agent', email: `anna-review-${stamp}@example.com` });
  const externalId = `review-browser-${randomUUID()}`;
  const issueId = await say(externalId, ASK);
  await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/customers/${externalId}/messages`, { token: sys.apiKey });
    return res.body.messages?.some((m: { author: string }) => m.author === 'assistant') ? true : undefined;
  }, 60_000, 'the assistant\'s answer');
  await say(externalId, 'это не то');
  const review = await eventually(async () => {
    const res = await sys.api('GET', '/api/v1/reviews?status=pending', { token: sys.adminToken });
    return res.body.reviews?.find((r: { issueId: string }) => r.issueId === issueId);
  }, 60_000, 'the answer in the review queue');
  reviewId = review.id;
  articleId = review.article.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});


describe('the Review screen in Chromium', () => {
  it('lets a supervisor judge an answer and write the right one; an admin accepts the article edit in one click', async () => {
    const right = `Hold the ${WORD} badge button for twenty seconds: the light blinks three times.`;
    const { context, page } = await openConsoleAs(browser, sys.url, supervisor);
    try {
      const trouble = watchForTrouble(page);
      await page.getByRole('link', { name: 'Review' }).click();
      await page.getByRole('heading', { name: 'Review of AI answers' }).waitFor();
      const card = page.locator(`[data-review="${reviewId}"]`);
      await card.waitFor();
      expect(await card.locator('[data-question]').textContent()).toBe(ASK);
      await card.getByText('"Didn\'t help"').waitFor();
      await card.getByText(`Article: ${ARTICLE.title}`, { exact: false }).waitFor();
      await card.getByLabel('Right answer').fill(right);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-review-en.png') });
      const verdict = page.waitForResponse((r) => r.url().endsWith(`/api/v1/reviews/${reviewId}`) && r.request().method() === 'POST');
      await card.getByRole('button', { name: 'Incorrect' }).click();
      expect((await verdict).status()).toBe(200);
      await page.getByText('Verdict saved').waitFor();
      await card.waitFor({ state: 'detached' });

      await page.getByRole('tab', { name: 'Suggestions' }).click();
      const suggestion = page.locator('[data-suggestion]').filter({ hasText: right });
      await suggestion.waitFor();
      expect(await suggestion.locator('[data-proposed]').textContent()).toBe(right);
      expect(await suggestion.getByRole('button', { name: 'Accept' }).count()).toBe(0);
      await page.getByText('An administrator accepts or rejects suggestions.').waitFor();

      // the verdict counts in the dashboard's accuracy figure
      await page.getByRole('link', { name: 'Analytics' }).click();
      const accuracy = page.locator('[data-figure="assistantAccuracy"]');
      await accuracy.locator('[data-value]').waitFor();
      expect(await accuracy.locator('[data-value]').textContent()).not.toBe('—');
      expect(await accuracy.textContent()).toMatch(/reviewed: [1-9]/);
      expect(trouble).toEqual([]);
    } finally {
      await context.close();
    }

    const { context: adminContext, page: adminPage } = await openConsoleAs(browser, sys.url, admin);
    try {
      const page = adminPage;
      await page.getByRole('link', { name: 'Review' }).click();
      await page.getByRole('tab', { name: 'Suggestions' }).click();
      const suggestion = page.locator('[data-suggestion]').filter({ hasText: right });
      const accepted = page.waitForResponse((r) => r.url().includes('/accept') && r.request().method() === 'POST');
      await suggestion.getByRole('button', { name: 'Accept' }).click();
      expect((await accepted).status()).toBe(200);
      await suggestion.waitFor({ state: 'detached' }); // no longer waiting
      const article = await sys.db.query('SELECT body FROM kb_articles WHERE id = $1', [articleId]);
      expect(article.rows[0]?.body).toBe(right);

      // the Russian UI
      await page.getByRole('radiogroup', { name: 'Language' }).getByText('Русский').click();
      await page.getByRole('heading', { name: 'Проверка ответов ИИ' }).waitFor();
      await page.getByRole('tab', { name: 'Предложения' }).waitFor();
      await page.getByRole('radiogroup', { name: 'Язык' }).getByText('English').click();
    } finally {
      await adminContext.close();
    }
  });

  it('gives an agent no link and the forbidden view when typed in', async () => {
    await expectAgentRefusedScreen(browser, sys.url, agent, { link: 'Review', path: '/review', api: '/api/v1/reviews' });
  });
});
