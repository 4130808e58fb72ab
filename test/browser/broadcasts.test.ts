/**
 * The officers' broadcast in a real browser, end to end: officer A (of one commune) logs in, writes a
 * broadcast to her commune and sends it; it waits for approval (FOUR_EYES_ABOVE_UNITS=0: every
 * broadcast needs a second officer). Officer B approves it from another browser; both pages follow
 * the progress bar to 100% while the real delivery engine sends to the fake Telegram API; then the
 * month's report is downloaded as XLSX and opened with exceljs. Screenshots of the pages at 1280 and
 * 360 px go to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/bot/broadcast/calendar.ts';
import type { Service } from '../../src/service.ts';
import { addSubscribers } from '../broadcast/support.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { CHROMIUM_PATH, launchBrowser, SHOTS, shots, signIn } from '../support/browser.ts';
import { createAccount, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN, telegramEnv } from '../telegram/support.ts';

const COMMUNE = 'Chiềng Lao';
const ELSEWHERE = 'Tô Hiệu';
const IN_COMMUNE = 15;
const MESSAGE =
  'Tháng hành động vì bình đẳng giới: nam và nữ cùng bàn bạc, cùng làm việc nhà. Cần giúp đỡ, nhắn "menu" cho Hoa Ban.';

describe.skipIf(!CHROMIUM_PATH)('officers broadcast to one commune in a real browser', () => {
  let fake: FakeTelegramApi;
  let service: Service;
  let browser: Browser;
  let url: string;
  let communeChats: string[];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fake = await startFakeTelegram({ token: TOKEN, globalPerSecond: 1000, perChatBurst: 5 });
    service = await testService(
      { name: 'pglite', open: openTestPglite },
      telegramEnv(fake, { QUIET_HOURS: 'off', TELEGRAM_RATE: '500', FOUR_EYES_ABOVE_UNITS: '0' }),
    );
    const db = service.database.db;
    communeChats = await addSubscribers(db, {
      channel: 'telegram',
      count: IN_COMMUNE,
      from: 7_100_001,
      unit: COMMUNE,
    });
    await addSubscribers(db, { channel: 'telegram', count: 5, from: 7_200_001, unit: ELSEWHERE });
    await createAccount(db, { username: 'can-bo.a', units: [COMMUNE] });
    await createAccount(db, { username: 'can-bo.b' });
    await createAccount(db, { username: 'quan-tri', role: 'admin' });
    url = await service.start();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await fake?.close();
  });

  /** A fresh browser context logged in through the login page (the console's own form). */
  const loginAs = (username: string, path: string, labels?: { user: string; password: string }) =>
    signIn(browser, { url, path, username, password: TEST_PASSWORD, errors, labels, console: true });

  it('A writes to her commune, B approves, the bar reaches 100% and the report counts it', async () => {
    // Officer A: the compose form, with the count, limits and previews as she types.
    const a = await loginAs('can-bo.a', '/admin/broadcasts/new');
    const compose = a.page;
    await compose.fill('#msg-vi', MESSAGE);
    await expect.poll(() => compose.textContent('#count-vi')).toContain(`${[...MESSAGE].length} ký tự`);
    await expect
      .poll(() => compose.locator('[data-preview="telegram"] .text').first().textContent())
      .toBe(MESSAGE);
    await compose.fill('#media-url', 'https://radio.example.vn/anh/bình-đẳng.jpg');
    await compose.selectOption('#media-kind', 'image');
    await expect
      .poll(() => compose.locator('[data-preview="zalo"] .media-line').first().textContent())
      .toContain('radio.example.vn');
    await compose.fill('#media-url', '');
    await compose.selectOption('#media-kind', '');
    // Her account covers one commune: that is all the picker offers.
    expect(await compose.locator('input[name="units"]').count()).toBe(1);
    await compose.getByLabel(COMMUNE, { exact: true }).check();
    await compose.getByLabel('Telegram', { exact: true }).check();
    await expect.poll(() => compose.textContent('#count-total')).toBe(`${IN_COMMUNE} người nhận`);
    await expect.poll(() => compose.textContent('#count-zalo')).toContain('Zalo OA');
    await shots(compose, 'broadcast-compose');

    await Promise.all([compose.waitForURL(/\/admin\/broadcasts\/\d+$/), compose.click('#submit')]);
    const detailPath = new URL(compose.url()).pathname;
    await expect.poll(() => compose.textContent('#status')).toBe('Chờ duyệt');
    expect(await compose.locator('#approve').isVisible()).toBe(false);
    expect(await compose.locator('[data-when="own-waiting"]').isVisible()).toBe(true);
    expect(fake.sends.length).toBe(0);

    // Officer B, in another browser context, approves.
    const b = await loginAs('can-bo.b', detailPath);
    await expect.poll(() => b.page.locator('#approve').isVisible()).toBe(true);
    await b.page.click('#approve');

    // Both pages follow the stream to 100 %.
    for (const page of [b.page, compose]) {
      await expect
        .poll(() => page.locator('#progress').getAttribute('value'), { timeout: 30_000 })
        .toBe('100');
      await expect.poll(() => page.textContent('#status')).toBe('Đã gửi xong');
      expect(await page.textContent('#progress-label')).toContain(`${IN_COMMUNE}/${IN_COMMUNE}`);
      expect(await page.textContent('[data-count="sent"]')).toBe(String(IN_COMMUNE));
    }
    expect(await b.page.textContent('#approved-by')).toBe('can-bo.b');
    await compose.reload();
    const facts = await compose.textContent('dl.facts');
    expect(facts).toContain('can-bo.a');
    expect(facts).toContain('can-bo.b');
    const sent = fake.sends.filter((s) => s.accepted);
    expect(sent.map((s) => s.chatId).sort()).toEqual([...communeChats].sort());
    await shots(b.page, 'broadcast-detail');

    await b.page.goto(`${url}/admin/broadcasts`);
    expect(await b.page.textContent('table.broadcasts')).toContain('Đã gửi xong');
    await shots(b.page, 'broadcasts');
    await b.page.goto(`${url}/admin/campaigns`);
    expect(await b.page.locator('.occurrence').count()).toBeGreaterThan(0);
    await shots(b.page, 'campaigns');

    // The month's report from the reports page (this month is its first preset), opened as a workbook.
    await b.page.goto(`${url}/admin/reports`);
    await b.page.check('#preset-thisMonth');
    const today = localDate(new Date(), 'Asia/Ho_Chi_Minh');
    expect(await b.page.inputValue('#from')).toBe(`${today.slice(0, 7)}-01`);
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.click('#dl-xlsx')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Tin đã gửi');
    if (!sheet) throw new Error(`no sheet "Tin đã gửi" in ${wb.worksheets.map((w) => w.name).join(', ')}`);
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const unitCol = header.indexOf('Xã, phường');
    const sentCol = header.indexOf('Đã gửi');
    let sentInCommune = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(unitCol).value === COMMUNE)
        sentInCommune += Number(row.getCell(sentCol).value);
    });
    expect(sentInCommune).toBe(IN_COMMUNE);

    expect(errors, errors.join('; ')).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 120_000);

  it('in English: B schedules a broadcast, A approves it, B cancels it before its time', async () => {
    const b = await loginAs('can-bo.b', '/admin/broadcasts/new?lang=en', {
      user: 'User name',
      password: 'Password',
    });
    const page = b.page;
    expect(await page.textContent('h1')).toBe('New broadcast');
    await page.fill('#msg-vi', 'Họp thôn về bình đẳng giới tối thứ Bảy.');
    await page.fill('#msg-en', 'Village meeting on gender equality on Saturday evening.');
    await page.fill('#unit-filter', 'chiềng lao');
    expect(await page.locator('.district:not([hidden])').count()).toBe(1);
    await page.getByLabel(COMMUNE, { exact: true }).check();
    await expect.poll(() => page.textContent('#count-total')).toBe(`${IN_COMMUNE} recipients`);
    // A month ahead at 08:00 in Viet Nam, whatever the machine's zone.
    const day = localDate(new Date(Date.now() + 30 * 86_400_000), 'Asia/Ho_Chi_Minh');
    await page.fill('#send-at', `${day}T08:00`);
    expect(await page.isChecked('#when-later')).toBe(true);
    await Promise.all([page.waitForURL(/\/admin\/broadcasts\/\d+\?lang=en$/), page.click('#submit')]);
    const id = /broadcasts\/(\d+)/.exec(page.url())?.[1];
    await expect.poll(() => page.textContent('#status')).toBe('Awaiting approval');
    const api = await b.context.request.get(`${url}/api/v1/broadcasts/${id}`);
    expect((await api.json()).sendAt).toBe(new Date(`${day}T08:00:00+07:00`).toISOString());

    const a = await loginAs('can-bo.a', `/admin/broadcasts/${id}`);
    await a.page.click('#approve');
    await expect.poll(() => a.page.textContent('#status')).toBe('Đã lên lịch');
    await expect.poll(() => page.textContent('#status')).toBe('Scheduled');

    page.once('dialog', (d) => d.accept());
    await page.click('#cancel');
    await expect.poll(() => page.textContent('#status')).toBe('Cancelled');
    await expect.poll(() => a.page.textContent('#status')).toBe('Đã hủy');
    expect(await page.locator('#cancel').isVisible()).toBe(false);
    expect(errors, errors.join('; ')).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 60_000);

  it("the campaign calendar: approval waits for the year's theme, disable and enable, an edit, a chat link code", async () => {
    const { context, page } = await loginAs('quan-tri', '/admin/campaigns?year=2027');
    const opening = page.locator('article.occurrence', {
      hasText: 'mở đầu Tháng hành động phòng, chống bạo lực gia đình',
    });
    await opening.locator('button[data-action="approve"]').click();
    await expect.poll(() => page.getAttribute('#result', 'class')).toBe('error');
    expect(await page.textContent('#result')).toContain('theme');
    // That 409 was the point; the browser reported it twice (the response and the console).
    expect(errors.splice(0).every((e) => e.includes('409'))).toBe(true);

    await page.fill('#theme-vi', 'Chủ đề thử của năm 2027');
    await page.fill('#theme-en', 'Test theme of 2027');
    await page.click('#theme-form button[type="submit"]');
    await expect.poll(() => page.textContent('#result')).toBe('Đã lưu chủ đề.');
    await Promise.all([page.waitForEvent('load'), opening.locator('button[data-action="approve"]').click()]);
    await expect.poll(() => opening.locator('.status').textContent()).toBe('Đã duyệt');
    expect(await opening.locator('dl').textContent()).toContain('quan-tri');
    expect(await page.inputValue('#theme-vi')).toBe('Chủ đề thử của năm 2027');

    const family = page.locator('article.occurrence', { hasText: 'Ngày Gia đình Việt Nam 28/6' });
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForEvent('load'), family.locator('button[data-action="disable"]').click()]);
    expect(asked).toBe('Tắt tin ngày 28/06/2027? Tin sẽ không được gửi cho đến khi bật lại và duyệt lại.');
    await expect.poll(() => family.locator('.status').textContent()).toBe('Đã tắt');
    await Promise.all([page.waitForEvent('load'), family.locator('button[data-action="enable"]').click()]);
    await expect.poll(() => family.locator('.status').textContent()).toBe('Chờ duyệt');

    await family.locator('summary').click();
    await family.locator('textarea[name="vi"]').fill('28/6 – Ngày Gia đình Việt Nam. <b>Tin đã sửa</b>');
    await Promise.all([page.waitForEvent('load'), family.locator('form.edit button').click()]);
    await expect
      .poll(() => family.locator('.message-text[lang="vi"]').textContent())
      .toBe('28/6 – Ngày Gia đình Việt Nam. <b>Tin đã sửa</b>');

    await page.click('#link-code');
    await expect.poll(() => page.textContent('#link-command')).toMatch(/^\/officer \S{6,}$/);
    expect(await page.locator('#link-code').isDisabled()).toBe(true);
    expect(errors, errors.join('; ')).toEqual([]);
    await context.close();
  }, 60_000);
});
