/**
 * Logging in and out of the console in Chromium: the login form by its labels, a wrong password, the
 * way back to the page asked for, the session cookie out of the page's reach, and logout.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const ADMIN_PASSWORD = 'browser admin password';

describe.skipIf(!CHROMIUM_PATH)('console login in a real browser', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    service = await testService({ name: 'pglite', open: openTestPglite }, { ADMIN_PASSWORD });
    url = await service.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('logs in, lands on /admin with an HttpOnly cookie, and logs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    await page.screenshot({ path: 'docs/screenshots/login-1280.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: 'docs/screenshots/login-360.png', fullPage: true });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);

    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Sai tên đăng nhập hoặc mật khẩu');
    expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe('admin');

    // Keyboard only: type the password and press Enter.
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/admin`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'hb_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate('document.cookie')).not.toContain('hb_session');
    expect(await page.locator('meta[name="csrf-token"]').getAttribute('content')).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/admin\/login/);
    expect((await context.cookies()).find((c) => c.name === 'hb_session')).toBeUndefined();
    await page.goto(`${url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(errors).toEqual([]);
    await context.close();
  });
});
