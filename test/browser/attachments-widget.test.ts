/**
 * Files in the chat widget, in a real Chromium on the demo page of the real system: the visitor attaches a photo
 * with the paperclip and sees its thumbnail come back; a file the server refuses stays marked with the reason.
 */
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchForTrouble } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { tinyPng, windowsExecutable } from '../support/sample-files';

const DIR = `/tmp/attach/browser-widget-${process.pid}`;
let sys: TestSystem;
let browser: Browser;

beforeAll(async () => {
  [sys, browser] = await Promise.all([startTestSystem({ ATTACHMENTS_DIR: DIR }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
  await rm(DIR, { recursive: true, force: true });
});

async function openWidget(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await page.getByRole('dialog', { name: 'Support' }).waitFor();
}

describe('files in the chat widget', () => {
  it('sends a photo with the paperclip and shows it; a refused file says why', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const trouble = watchForTrouble(page);
    await page.goto(`${sys.url}/demo`);
    await openWidget(page);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a file' }).click();
    await (await chooser).setFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: tinyPng() });
    const thumbnail = page.locator('img.sb-thumb[alt="parcel.png"]');
    await thumbnail.waitFor({ timeout: 30_000 });
    // the image really loaded through its signed link
    expect(await thumbnail.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);

    const refused = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a file' }).click();
    await (await refused).setFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: windowsExecutable() });
    await page.getByRole('alert').filter({ hasText: 'Not sent: invoice.png is of a type not accepted (EXE)' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: '/tmp/attach/widget-attachments.png' });
    expect(trouble).toEqual([]);
    await context.close();
  }, 90_000);
});
