/**
 * The dashboard and the reports page in a real browser, at 1280 and 360 px: the charts are drawn
 * (a canvas each) next to tables holding the same figures, the per-area table filters by former
 * district, a preset fills the report's dates and the XLSX download opens with exceljs. Screenshots
 * go to docs/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/api/auth/sessions.ts';
import { statEvents } from '../../src/db/schema/stats.ts';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { createAccount, loginCookie } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { seedReportHistory } from '../support/reports-seed.ts';
import { testService } from '../support/service.ts';

const SHOTS = 'docs/screenshots';
/** 17:00 in Sơn La on 30 November 2026: the seeded campaign broadcast of that day is this month's. */
const NOW = new Date('2026-11-30T10:00:00Z');
const WIDTHS = [1280, 360] as const;

describe.skipIf(!CHROMIUM_PATH)('dashboard and reports in a real browser', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  let cookie: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    service = await testService({ name: 'pglite', open: openTestPglite }, {}, { now: () => NOW });
    const db = service.database.db;
    await seedReportHistory(db);
    const day = '2026-11-10';
    await db.insert(statEvents).values([
      { day, channel: 'telegram', unit: 'Chiềng Lao', kind: 'referral', detail: 'police,shelter' },
      { day, channel: 'zalo-bot', unit: 'Tô Hiệu', kind: 'referral', detail: 'shelter' },
      { day, channel: 'zalo-bot', unit: 'Tô Hiệu', kind: 'referral' },
      { day, channel: 'telegram', unit: null, kind: 'faq_answer', faqNode: 'hon-nhan' },
      { day, channel: 'telegram', unit: null, kind: 'faq_search', faqNode: 'bao-luc.nhan-biet.la-gi' },
    ]);
    await createAccount(db, { username: 'tinh.admin', role: 'admin' });
    cookie = (await loginCookie(service, 'tinh.admin')).cookie.split('=').slice(1).join('=');
    url = await service.start();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(
    width: number,
    path: string,
  ): Promise<{ context: BrowserContext; page: import('playwright-core').Page }> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      acceptDownloads: true,
      locale: 'vi-VN',
    });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url }]);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${width}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${width}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${width}: ${r.status()} ${r.url()}`);
    });
    await page.goto(`${url}${path}`);
    return { context, page };
  }

  for (const width of WIDTHS) {
    it(`draws the dashboard's charts beside their tables at ${width} px`, async () => {
      const { context, page } = await open(width, '/admin');
      await expect.poll(() => page.locator('#dash').getAttribute('data-ready')).toBe('true');
      expect(await page.locator('.dash-chart canvas').count()).toBe(5);
      for (const id of ['subs', 'sent', 'faq', 'ref', 'kind', 'topics', 'areas'])
        expect(await page.locator(`#table-${id} tbody tr`).count(), id).toBeGreaterThan(0);
      expect(await page.locator('#table-subs tbody').textContent()).toContain('Telegram');
      // Referrals this month: Tô Hiệu (TP Sơn La) twice, Chiềng Lao (Mường La) once.
      expect(await page.locator('#table-ref tbody tr').allInnerTexts()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/TP Sơn La\s+2/),
          expect.stringMatching(/Mường La\s+1/),
        ]),
      );
      // By kind of place, most first: a shelter was listed twice, the police once, and one referral
      // was recorded without its kinds.
      expect(await page.locator('#table-kind tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(/^Nơi tạm lánh\s+2$/),
        expect.stringMatching(/^Công an\s+1$/),
        expect.stringMatching(/^Không ghi loại .*\s+1$/),
      ]);
      expect(await page.locator('#dash-totals').textContent()).toMatch(/Người đang đăng ký\s*4/);
      expect(await page.locator('#table-areas tbody tr').count()).toBe(75);
      await page.getByLabel('Huyện cũ', { exact: true }).selectOption('Mường La');
      const rows = await page.locator('#table-areas tbody tr').allInnerTexts();
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => r.startsWith('Mường La'))).toBe(true);
      await page.getByLabel('Huyện cũ', { exact: true }).selectOption('');
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(Number(overflow)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/dashboard-${width}.png`, fullPage: true });
      await page.screenshot({ path: `.tmp/dashboard-${width}-top.png` });
      await context.close();
      expect(errors, errors.join('; ')).toEqual([]);
    });

    it(`picks a report period, previews it and downloads the XLSX at ${width} px`, async () => {
      const { context, page } = await open(width, '/admin/reports');
      expect(await page.getByLabel('Từ ngày').inputValue()).toBe('2026-11-01');
      await page.getByLabel(/Báo cáo năm/).check();
      expect(await page.getByLabel('Từ ngày').inputValue()).toBe('2025-12-01');
      expect(await page.getByLabel('Đến ngày').inputValue()).toBe('2026-11-30');
      expect(await page.locator('#dl-xlsx').getAttribute('href')).toBe(
        '/api/v1/reports?from=2025-12-01&to=2026-11-30&format=xlsx',
      );
      await Promise.all([
        page.waitForURL(/from=2025-12-01/),
        page.getByRole('button', { name: 'Xem số liệu' }).click(),
      ]);
      expect(await page.locator('#preview').textContent()).toContain('Tin cán bộ gửi');
      expect(await page.locator('#preview table').count()).toBe(9);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(Number(overflow)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/reports-${width}.png`, fullPage: true });
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-xlsx').click()]);
      expect(download.suggestedFilename()).toBe('hoa-ban-bao-cao-2025-12-01_2026-11-30.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toContain('Tin đã gửi');
      expect(wb.getWorksheet('Tóm tắt')?.getRow(2).values).toEqual([undefined, 'Tin đã gửi', 6]);
      await context.close();
      expect(errors, errors.join('; ')).toEqual([]);
    });
  }
});
