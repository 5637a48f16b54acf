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
