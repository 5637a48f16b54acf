/**
 * Hiding a customer's comment from the console, in a real Chromium against the real system and a loopback fake
 * of Meta's Graph API: the agent hides an abusive Facebook comment with the button under it, Meta is asked with
 * `is_hidden`, the comment shows who hid it; showing it again is one click too.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { openConsoleAs } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { feedCommentWebhook, signMeta, startFakeMeta, type FakeMeta } from '../support/fake-meta';
import { createPerson } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

const APP_SECRET = 'console-meta-secret';
let sys: TestSystem;
let browser: Browser;
let graph: FakeMeta;

beforeAll(async () => {
  ensureConsoleBuilt();
  graph = await startFakeMeta();
  [sys, browser] = await Promise.all([startTestSystem({
    META_PAGE_ACCESS_TOKEN: graph.accessToken, META_APP_SECRET: APP_SECRET, META_VERIFY_TOKEN: 'console-verify',
    META_GRAPH_BASE_URL: graph.baseUrl,
  }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
  await graph?.close();
});

it('hides a Facebook comment with the button under it, shows who did, and shows it again', async () => {
  const agent = await createPerson(sys, { role: 'agent', name: 'Mira Agent', email: `mira-${randomUUID()}@example.com` });
  const commentId = `${Date.now()}_${Math.floor(Math.random() * 1e9)}`;
  const raw = JSON.stringify(feedCommentWebhook(graph.pageId, {
    commentId, postId: `${graph.pageId}_1`, fromId: String(Date.now()), name: 'Angry Visitor', text: 'You are all idiots',
  }));
  expect((await sys.api('POST', '/webhooks/meta', { raw, headers: { 'x-hub-signature-256': signMeta(APP_SECRET, raw) } })).status).toBe(200);
  const issueId = await eventually(async () => {
    const { rows } = await sys.db.query('SELECT issue_id FROM messages WHERE external_message_id = $1', [`comment:${commentId}`]);
    return rows[0]?.issue_id as string | undefined;
  }, 30_000, 'the comment on an issue');

  const { context, page } = await openConsoleAs(browser, sys.url, agent);
  const trouble = watchForTrouble(page);
  await page.goto(`${sys.url}/console/issues/${issueId}`);
  const comment = page.locator(`[data-comment="${commentId}"]`);
  await comment.getByRole('button', { name: 'Hide comment' }).click();
  await comment.getByText('Hidden on the platform').waitFor();
  await comment.getByText(/Hidden by Mira Agent/).waitFor();
  expect(graph.moderation).toEqual([{ commentId, params: { is_hidden: true } }]);

  await comment.getByRole('button', { name: 'Show comment' }).click();
  await comment.getByText(/Shown again by Mira Agent/).waitFor();
  await comment.getByRole('button', { name: 'Hide comment' }).waitFor();
  expect(graph.moderation.map((m) => m.params)).toEqual([{ is_hidden: true }, { is_hidden: false }]);
  await page.screenshot({ path: '/tmp/social2/console-comment-hidden.png' });
  expect(trouble).toEqual([]);
  await context.close();
});
