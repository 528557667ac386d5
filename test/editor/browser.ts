// Headless Chromium (the system's, driven by playwright-core) showing a code-server workbench.
import { chromium, type Browser, type Page } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export interface WorkbenchPage {
  readonly page: Page;
  /** Page errors and console errors so far, for failure messages. */
  errors(): string;
}

/** Opens `url` in a new page sized like a laptop screen and records what goes wrong in it. */
export async function openWorkbench(browser: Browser, url: string): Promise<WorkbenchPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, errors: () => errors.slice(-20).join('\n') };
}
