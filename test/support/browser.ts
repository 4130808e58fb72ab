/**
 * Chromium for browser tests: CHROMIUM_PATH names the binary (.ci/run installs Debian's).
 * Without it the browser suites are skipped, unless REQUIRE_BROWSER=1 makes that a failure.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH;

if (process.env.REQUIRE_BROWSER === '1' && !CHROMIUM_PATH) {
  throw new Error('REQUIRE_BROWSER=1 but CHROMIUM_PATH is not set: the browser suites cannot run');
}

/** Launches headless Chromium with a fresh temporary profile (playwright's default) and no background network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where the browser suites leave their screenshots of the console. */
export const SHOTS = 'docs/screenshots';

/** Screenshots of the current page at 1280 and 360 px; at 360 nothing scrolls sideways. */
export async function shots(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(Number(overflow), `${name} at 360 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Collects what goes wrong on a page into errors, named for who is using it: uncaught exceptions,
 * answers of 400 and over, and (when asked) errors written to the browser console.
 */
export function watchPage(page: Page, who: string, errors: string[], opts: { console?: boolean } = {}): void {
  page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
  if (opts.console)
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${who}: ${m.text()}`);
    });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${who}: ${r.status()} ${r.url()}`);
  });
}

/** Who signs in where, for signIn. */
export interface SignIn {
  /** The running service's root URL. */
  url: string;
  /** The console page asked for first; the login form sends her back to it. */
  path: string;
  username: string;
  password: string;
  /** Where watchPage collects what goes wrong. */
  errors: string[];
  /** The labels of the login form's fields (Vietnamese unless the page is asked for in English). */
  labels?: { user: string; password: string };
  /** Also count errors written to the browser console. */
  console?: boolean;
  /** Playwright's default timeout for this page. */
  timeoutMs?: number;
}

/**
 * A fresh browser context at 1280 px signed in through the console's own login form: the page asked
 * for shows the login form first, and after signing in the browser is back on that page.
 */
export async function signIn(browser: Browser, a: SignIn): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (a.timeoutMs !== undefined) page.setDefaultTimeout(a.timeoutMs);
  watchPage(page, a.username, a.errors, { console: a.console });
  const labels = a.labels ?? { user: 'Tên đăng nhập', password: 'Mật khẩu' };
  await page.goto(`${a.url}${a.path}`);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await page.getByLabel(labels.user).fill(a.username);
  await page.getByLabel(labels.password).fill(a.password);
  await Promise.all([page.waitForURL(`${a.url}${a.path}`), page.locator('form.login button').click()]);
  return { context, page };
}
