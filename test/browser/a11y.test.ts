/**
 * Accessibility of every console page and the web chat, checked by axe-core (WCAG 2.1 A and AA
 * rules) in Chromium at 1280 px and at 360 px, in Vietnamese and in English, with the data each page
 * shows loaded (a broadcast, an account, the FAQ tree, the directory). Any violation fails the test
 * and is named with its rule, impact and the first elements it was found on. The browser context
 * bypasses the pages' Content-Security-Policy only so that axe itself can be injected.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { createAccount, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TOKEN = 'a11y-admin-token-0123456789';

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
  passes: unknown[];
}

describe.skipIf(!CHROMIUM_PATH)('accessibility of the console and the web chat (axe-core)', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  let accountId = 0;
  let broadcastId = 0;
  const checked: Array<{ path: string; width: number; rules: number }> = [];

  beforeAll(async () => {
    service = await testService({ name: 'pglite', open: openTestPglite }, { ADMIN_TOKEN: TOKEN });
    const db = service.database.db;
    await createAccount(db, { username: 'quan-tri', role: 'admin' });
    accountId = (await createAccount(db, { username: 'can-bo.lao', units: ['Chiềng Lao'] })).id;
    for (let i = 0; i < 3; i++)
      await subscribe(
        db,
        { channel: 'telegram', chatId: `a11y${i}` },
        { locale: 'vi', unit: 'Chiềng Lao', now: new Date() },
      );
    url = await service.start();
    const made = await service.app.inject({
      method: 'POST',
      url: '/api/v1/broadcasts',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { message: { vi: 'Tin thử về bình đẳng giới' }, audience: { units: ['Chiềng Lao'] } },
    });
    broadcastId = made.json().id;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    if (process.env.HOABAN_REPORT) process.stderr.write(`a11y: ${JSON.stringify(checked)}\n`);
  });

  async function loggedIn(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}/admin/login`);
    await page.locator('#username').fill('quan-tri');
    await page.locator('#password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${url}/admin`), page.locator('form button[type="submit"]').click()]);
    return { context, page };
  }

  /** Runs axe on the page as it is now; returns the violations in words. */
  async function audit(page: Page, path: string, width: number): Promise<string[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })`)) as AxeResult;
    checked.push({ path, width, rules: result.passes.length });
    return result.violations.map(
      (v) =>
        `${path} @${width}px: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
  }

  /** Opens each path and waits until its script has filled the page (no "loading" status left). */
  async function auditAll(paths: string[], width: number) {
    const { context, page } = await loggedIn(width);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${url}${path}`);
      await page.waitForLoadState('networkidle');
      found.push(...(await audit(page, path, width)));
    }
    await context.close();
    return found;
  }

  const pages = () => [
    '/admin',
    '/admin/broadcasts',
    '/admin/broadcasts/new',
    `/admin/broadcasts/${broadcastId}`,
    '/admin/campaigns',
    '/admin/faq',
    '/admin/directory',
    '/admin/reports',
    '/admin/accounts',
    `/admin/accounts/${accountId}`,
    '/admin/audit',
  ];

  it('no WCAG 2.1 A/AA violation on any console page at 1280 px, in Vietnamese', async () => {
    expect(await auditAll(pages(), 1280)).toEqual([]);
  }, 120_000);

  it('no WCAG 2.1 A/AA violation on any console page at 360 px, in English', async () => {
    expect(
      await auditAll(
        pages().map((p) => `${p}?lang=en`),
        360,
      ),
    ).toEqual([]);
  }, 120_000);

  it('no WCAG 2.1 A/AA violation on the login page and the web chat, after a turn', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const found: string[] = [];
    await page.goto(`${url}/admin/login`);
    found.push(...(await audit(page, '/admin/login', 360)));
    await page.goto(`${url}/chat`);
    await page.getByRole('textbox').first().fill('bạo lực gia đình');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('networkidle');
    found.push(...(await audit(page, '/chat', 360)));
    await context.close();
    expect(found).toEqual([]);
  }, 60_000);
});
