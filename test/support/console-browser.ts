/** The console's browser tests share these: a 1366×768 context and signing in through the sign-in form. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CONSOLE_VIEWPORT = { width: 1366, height: 768 };

export interface SignInLabels { email: string; password: string; submit: string }
const ENGLISH: SignInLabels = { email: 'E-mail', password: 'Password', submit: 'Sign in' };

export async function signInToConsole(page: Page, baseUrl: string, who: { email: string; password: string }, labels = ENGLISH): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel(labels.email).fill(who.email);
  // required fields' labels end in an asterisk
  await page.getByLabel(new RegExp(`^${labels.password}`)).fill(who.password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

export async function newConsoleContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT, locale });
  context.setDefaultTimeout(15_000);
  return context;
}

/**
 * A supervisors' screen as an agent sees it: no link in the navigation, the forbidden view when its address is
 * typed in, and a 403 from the API behind it (fetched from the page, with the agent's cookie).
 */
export async function expectAgentRefusedScreen(
  browser: Browser, baseUrl: string, agent: { email: string; password: string },
  screen: { link: string; path: string; api: string },
): Promise<void> {
  const context = await newConsoleContext(browser);
  try {
    const page = await context.newPage();
    await signInToConsole(page, baseUrl, agent);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    if (await page.getByRole('link', { name: screen.link }).count() !== 0) throw new Error(`an agent sees the ${screen.link} link`);
    await page.goto(`${baseUrl}/console${screen.path}`);
    await page.locator('[data-forbidden]').waitFor();
    const status = await page.evaluate(async (url) => (await fetch(url)).status, screen.api);
    if (status !== 403) throw new Error(`the API answered an agent ${status} for ${screen.api}, not 403`);
  } finally {
    await context.close();
  }
}

/** A fresh context signed in as `who`, on the queue (the console's first screen); close the context when done. */
export async function openConsoleAs(
  browser: Browser, baseUrl: string, who: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newConsoleContext(browser);
  const page = await context.newPage();
  await signInToConsole(page, baseUrl, who);
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  return { context, page };
}

/** A fresh context signed in as `who`, on one issue's page; close the context when done. */
export async function openIssueAs(
  browser: Browser, baseUrl: string, who: { email: string; password: string }, issueId: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openConsoleAs(browser, baseUrl, who);
  await opened.page.goto(`${baseUrl}/console/issues/${issueId}`);
  return opened;
}
