/**
 * The FAQ and directory editors in a real browser: an officer logs in, edits an answer the bot then
 * gives, previews a CSV with one error, imports the fixed file; officer-entered markup stays text;
 * screenshots at 1280 and 360 px.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { createAccount, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN, telegramEnv } from '../telegram/support.ts';

const ADMIN = 'content-browser-admin-token-0123';
const NODE = 'lao-dong.thai-san.thoi-gian';
const XSS = '<img src=x onerror="window.__xss=1">';
const HEADER = 'kind,name_vi,name_en,unit,phone,source,confirmed';

describe.skipIf(!CHROMIUM_PATH)('FAQ and directory editors in a real browser', () => {
  let fake: FakeTelegramApi;
  let service: Service;
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, username: 'hoaban_sonla_bot' });
    service = await testService(
      { name: 'pglite', open: openTestPglite },
      telegramEnv(fake, { ADMIN_TOKEN: ADMIN }),
    );
    url = await service.start();
    await createAccount(service.database.db, { username: 'tinh', role: 'admin' });
    await createAccount(service.database.db, { username: 'xa', units: ['Chiềng Lao'] });
    // Officer-entered markup, in the tree and in the unanswered list.
    const res = await service.app.inject({
      method: 'POST',
      url: '/api/v1/faq/nodes',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { parent: null, title: { vi: `Chủ đề ${XSS}`, en: `Topic ${XSS}` } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { recordUnanswered } = await import('../../src/db/queries/stats.ts');
    await recordUnanswered(service.database.db, { text: `hỏi ${XSS}`, locale: 'vi', now: new Date() });
    browser = await launchBrowser();
    mkdirSync('docs/screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await fake?.close();
  });

  const login = async (username: string, width = 1280): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${url}/admin/login`);
    await page.fill('#username', username);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/admin(\?|$)/), page.press('#password', 'Enter')]);
    return page;
  };
  const watch = (page: Page) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      if (d.type() === 'alert') errors.push(`alert ${d.message()}`);
      void d.dismiss();
    });
    return errors;
  };

  it('edits a FAQ answer; the bot answers with it; officer-entered markup stays text', async () => {
    const page = await login('tinh');
    const errors = watch(page);
    await page.goto(`${url}/admin/faq`);
    expect(await page.locator('button.node', { hasText: `Chủ đề ${XSS}` }).count()).toBe(1);
    expect(await page.locator('#unanswered td', { hasText: `hỏi ${XSS}` }).count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.screenshot({ path: 'docs/screenshots/faq-1280.png', fullPage: false });

    // Opens the node's enclosing <details> (a string, so the test needs no DOM types).
    await page.evaluate(`(() => {
      let d = document.querySelector('button.node[data-id="${NODE}"]')?.closest('details');
      while (d) { d.open = true; d = d.parentElement?.closest('details') ?? null; }
    })()`);
    await page.click(`button.node[data-id="${NODE}"]`);
    await expect.poll(() => page.inputValue('#title-vi')).toBe('Nghỉ thai sản được mấy tháng?');
    expect(await page.textContent('#answer-vi-count')).toMatch(/^\d+\/750/);
    const answer = await page.inputValue('#answer-vi');
    await page.fill('#answer-vi', `${answer} Hỏi thêm tại Hội Phụ nữ xã.`);
    await page.click('#faq-save');
    await expect.poll(() => page.textContent('#faq-status')).toContain('Đã lưu');
    await service.refreshContent();
    const asked = await service.app.inject({
      url: `/api/v1/faq/search?q=${encodeURIComponent('nghỉ thai sản mấy tháng')}`,
    });
    expect(asked.body).toContain('Hỏi thêm tại Hội Phụ nữ xã.');

    // A refusal shows the content check's message and keeps the form.
    await page.fill('#answer-vi', 'Gọi 0912 345 678.');
    await page.click('#faq-save');
    await expect
      .poll(() => page.textContent('#faq-status'))
      .toContain('0912345678 is not in the verified list');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${url}/admin/faq`);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'docs/screenshots/faq-360.png', fullPage: false });
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(errors, errors.join('; ')).toEqual([]);
    await page.close();
  });

  it('previews a CSV with one error, then imports the fixed file', async () => {
    const page = await login('xa');
    const errors = watch(page);
    await page.goto(`${url}/admin/directory`);
    const bad = `${HEADER}\nhealth,"Trạm y tế Chiềng Lao ${XSS.replace(/"/g, '""')}",Chiềng Lao health station,Chiềng Lao,0212 3000 111,Sở Y tế,2026-11-01\nhealth,Trạm y tế bản Hua Trai,Hua Trai health post,Chiềng Lao,12ab,Sở Y tế,2026-11-01\n`;
    await page.setInputFiles('#csv-file', {
      name: 'danh-ba.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    await page.click('#csv-preview');
    await expect.poll(() => page.textContent('#import-status')).toContain('line 3: phone:');
    expect(await page.locator('#import-status li').count()).toBe(1);
    expect(await page.isDisabled('#csv-import')).toBe(true);
    const good = bad.replace('12ab', '0212 3000 222');
    await page.setInputFiles('#csv-file', {
      name: 'danh-ba.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.click('#csv-preview');
    await expect.poll(() => page.textContent('#import-status')).toContain('thêm 2');
    await page.click('#csv-import');
    await expect.poll(() => page.textContent('#import-status')).toContain('Đã nhập');
    await page.goto(`${url}/admin/directory?unit=${encodeURIComponent('Chiềng Lao')}`);
    expect(await page.locator('#entries td', { hasText: `Trạm y tế Chiềng Lao ${XSS}` }).count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('.posters img').count()).toBe(1);
    await page.screenshot({ path: 'docs/screenshots/directory-1280.png', fullPage: false });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'docs/screenshots/directory-360.png', fullPage: false });
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(errors, errors.join('; ')).toEqual([]);
    await page.close();
  });
});
