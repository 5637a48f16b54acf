/**
 * Files in the operator console, in a real Chromium against the real system: the customer's photo shows as a
 * thumbnail and their PDF as a link with its size; the agent attaches a file to a reply and it goes out with it.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { openIssueAs } from '../support/console-browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { asBrowser, createPerson, signIn } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { tinyPdf, tinyPng } from '../support/sample-files';

const DIR = `/tmp/attach/browser-console-${process.pid}`;
let sys: TestSystem;
let browser: Browser;

beforeAll(async () => {
  ensureConsoleBuilt();
  [sys, browser] = await Promise.all([startTestSystem({ ATTACHMENTS_DIR: DIR }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
  await rm(DIR, { recursive: true, force: true });
});

it("shows the customer's files and sends the agent's file with the reply", async () => {
  const agent = await createPerson(sys, { role: 'agent', name: 'Fay Files', email: `fay-${Date.now()}@example.com` });
  const session = asBrowser(await signIn(sys, agent.email, agent.password));
  const accepted = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey,
    body: {
      messageId: randomUUID(), customer: { externalId: `files-${randomUUID()}`, name: 'Parcel Customer' }, text: 'I want to talk to a human',
      attachments: [{ name: 'parcel.png', contentBase64: tinyPng().toString('base64') }, { name: 'invoice.pdf', contentBase64: tinyPdf().toString('base64') }],
    },
  });
  const issueId = accepted.body.issueId as string;
  const task = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.adminToken });
    return res.body.tasks?.find((t: { issueId: string }) => t.issueId === issueId);
  }, 30_000, 'the human task');
  expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { headers: session })).status).toBe(200);

  const { context, page } = await openIssueAs(browser, sys.url, agent, issueId);
  const trouble = watchForTrouble(page);
  const thumbnail = page.locator('[data-author="customer"] img[data-thumbnail][alt="parcel.png"]');
  await thumbnail.waitFor({ timeout: 20_000 });
  await eventually(async () => ((await thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) === 1 ? true : undefined), 10_000, 'the thumbnail loaded');
  const pdf = page.locator('[data-author="customer"] a[data-file]', { hasText: 'invoice.pdf' });
  await pdf.waitFor();
  expect(await pdf.locator('xpath=..').textContent()).toMatch(/invoice\.pdf \(\d+ B\)/);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles({ name: 'return-label.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Label 9') });
  await page.locator('[data-reply-files]').getByText(/return-label\.pdf/).waitFor({ timeout: 10_000 });
  await page.getByRole('textbox', { name: 'Reply to the customer' }).fill('Here is your return label.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.locator('[data-author="operator"] a[data-file]', { hasText: 'return-label.pdf' }).waitFor({ timeout: 20_000 });
  await page.screenshot({ path: '/tmp/attach/console-attachments.png' });

  // the reply went out with the file (the issue API shows it on the operator's message)
  const issue = await sys.api('GET', `/api/v1/issues/${issueId}`, { token: sys.adminToken });
  const reply = issue.body.issue.messages.find((m: { author: string }) => m.author === 'operator');
  expect(reply.attachments).toEqual([expect.objectContaining({ name: 'return-label.pdf', contentType: 'application/pdf' })]);
  expect(trouble).toEqual([]);
  await context.close();
}, 120_000);
