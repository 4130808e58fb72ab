import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

describe.skipIf(!CHROMIUM_PATH)('web chat in a real browser', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    service = await testService({ name: 'pglite', open: openTestPglite });
    url = await service.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('greets with the menu, answers danger with 113 first, and follows a button', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${url}/chat`);
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);
    const menuButtons = page.locator('.msg.bot').last().locator('.buttons button');
    expect(await menuButtons.count()).toBeGreaterThanOrEqual(5);

    await page.fill('#text', 'chong toi dang danh toi');
    await page.press('#text', 'Enter');
    const youCount = await page.locator('.msg.you').count();
    expect(youCount).toBe(1);
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(1);
    const firstAnswer = page.locator('.msg.you ~ .msg.bot').first();
    await expect.poll(() => firstAnswer.textContent()).toContain('113');
    expect(await firstAnswer.locator('a[href="tel:113"]').count()).toBe(1);

    const before = await page.locator('.msg.bot').count();
    await page.locator('.msg.bot').last().locator('.buttons button').first().click();
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
    // Fits a 360 px phone: no horizontal scrolling.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);
    expect(errors, errors.join('; ')).toEqual([]);
    await page.screenshot({ path: '.tmp/webchat.png', fullPage: true });
    await page.close();
  });

  it('asks a law question and shows the article in words', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/chat`);
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);
    await page.fill('#text', 'nghỉ thai sản mấy tháng');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.msg.you ~ .msg.bot').first().textContent()).toMatch(/Điều 139/);
    await page.close();
  });

  it('speaks English when the page is opened in English, and Vietnamese again after switching back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/chat?lang=en`);
    await expect.poll(() => page.locator('.msg.bot').first().textContent()).toContain('How can I help?');
    expect(await page.locator('.msg.bot').count()).toBe(1);
    await page.click('text=Tiếng Việt');
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('Bạn cần gì?');
    await context.close();
  });
});
