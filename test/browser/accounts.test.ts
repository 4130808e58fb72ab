/**
 * Accounts and the audit log in a real browser: the admin creates an officer for one commune through
 * the console, the officer signs in and is offered only that commune when composing; the admin
 * creates an API token (shown once, it works) and revokes it (it stops working at once); the audit
 * log shows entries in words with markup in a target as plain text. Screenshots at 1280 and 360 px.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/db/queries/audit.ts';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser, SHOTS, shots, signIn } from '../support/browser.ts';
import { createAccount, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const COMMUNE = 'Chiềng Lao';
const OFFICER_PASSWORD = 'mat khau can bo 2026';
const EVIL = '<img src=x onerror="document.title=\'pwned\'">';

describe.skipIf(!CHROMIUM_PATH)('accounts and audit pages in a real browser', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    service = await testService({ name: 'pglite', open: openTestPglite }, {});
    const db = service.database.db;
    await createAccount(db, { username: 'quan-tri', role: 'admin' });
    await createAccount(db, { username: 'huyen.maison', formerDistricts: ['Mai Sơn'] });
    await recordAudit(db, {
      actor: 'admin-token',
      action: 'directory.update',
      target: `directory:${EVIL}`,
      details: { name: EVIL },
      at: new Date(),
    });
    url = await service.start();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  const loginAs = (username: string, password: string, path: string) =>
    signIn(browser, { url, path, username, password, errors, timeoutMs: 10_000 });

  const me = (token: string) =>
    fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('creates a commune officer who sees only her commune; a token works until it is revoked', async () => {
    const admin = await loginAs('quan-tri', TEST_PASSWORD, '/admin/accounts');
    const p = admin.page;
    await p.getByLabel('Tên đăng nhập').fill('can-bo.lao');
    await p.getByLabel('Mật khẩu', { exact: true }).fill(OFFICER_PASSWORD);
    await p.getByLabel('Vai trò').selectOption('officer');
    await p.getByLabel(COMMUNE, { exact: true }).check();
    await p.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => p.textContent('#flash')).toBe('Đã tạo tài khoản can-bo.lao.');
    const row = p.locator('tr[data-account="can-bo.lao"]');
    expect(await row.locator('td[data-label="Phạm vi"]').textContent()).toBe(COMMUNE);
    expect(await row.locator('td[data-label="Vai trò"]').textContent()).toBe('Cán bộ');
    await shots(p, 'accounts');

    // The officer signs in in another browser and composes: one commune is all the picker offers.
    const officer = await loginAs('can-bo.lao', OFFICER_PASSWORD, '/admin/broadcasts/new');
    const units = officer.page.locator('input[name="units"]');
    expect(await units.count()).toBe(1);
    expect(await units.first().getAttribute('value')).toBe(COMMUNE);
    expect(await officer.page.locator('a[href="/admin/accounts"]').count()).toBe(0);
    await officer.context.close();

    // A token for the officer: shown once, works, then revoked.
    await p.getByRole('link', { name: 'Sửa tài khoản can-bo.lao' }).click();
    await p.waitForURL(/\/admin\/accounts\/\d+$/);
    await p.getByLabel('Tên gợi nhớ của mã').fill('bao-cao-thang');
    await p.getByRole('button', { name: 'Tạo mã API' }).click();
    await expect.poll(() => p.locator('#token-shown').isVisible()).toBe(true);
    const token = (await p.textContent('#token-value')) ?? '';
    expect(token).toMatch(/^hb_[A-Za-z0-9_-]{43}$/);
    expect(await me(token)).toBe(200);
    await shots(p, 'accounts-edit');
    // Revoking asks first: "no" changes nothing, "yes" revokes.
    const asked: string[] = [];
    p.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await p.getByRole('button', { name: 'Thu hồi mã bao-cao-thang' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('Thu hồi mã bao-cao-thang?');
    expect(await me(token)).toBe(200);
    p.once('dialog', (d) => void d.accept());
    await p.getByRole('button', { name: 'Thu hồi mã bao-cao-thang' }).click();
    await expect.poll(() => p.textContent('#flash')).toBe('Đã lưu.');
    expect(await p.locator('#token-value').textContent()).toBe(''); // never shown again
    expect(await p.locator('tr[data-token] td[data-label="Trạng thái"]').first().textContent()).toContain(
      'Đã thu hồi',
    );
    expect(await me(token)).toBe(401);

    // A new password revokes her tokens unless "keep API tokens" is ticked (it starts unticked).
    await p.getByLabel('Tên gợi nhớ của mã').fill('dong-bo');
    await p.getByRole('button', { name: 'Tạo mã API' }).click();
    await expect.poll(() => p.locator('#token-shown').isVisible()).toBe(true);
    const second = (await p.textContent('#token-value')) ?? '';
    expect(await me(second)).toBe(200);
    expect(await p.getByLabel('Giữ lại các mã API').isChecked()).toBe(false);
    await p.getByLabel('Mật khẩu mới').fill('a new password for her');
    await p.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await expect.poll(() => p.textContent('#flash')).toBe('Đã đặt mật khẩu mới. Số mã API đã thu hồi: 1.');
    expect(await me(second)).toBe(401);

    // Disable the officer: she can no longer sign in.
    p.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await p.getByRole('button', { name: 'Vô hiệu hóa tài khoản' }).click();
    await expect.poll(() => asked.length).toBe(2);
    expect(asked[1]).toContain('Vô hiệu hóa tài khoản can-bo.lao?');
    await expect.poll(() => p.textContent('#account-state')).toBe('Đã vô hiệu hóa');
    await admin.context.close();
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows the audit log in words, markup in a target as text, 100 at a time, filtered by kind', async () => {
    // 105 newer entries push the one with markup onto the second page.
    for (let i = 0; i < 105; i++) {
      await recordAudit(service.database.db, {
        actor: 'system',
        action: 'faq.update',
        target: `faq:n${i}`,
        at: new Date(),
      });
    }
    const { page: p, context } = await loginAs('quan-tri', TEST_PASSWORD, '/admin/audit');
    await expect.poll(() => p.locator('#audit-rows tr').count()).toBe(100);
    expect(await p.locator('#audit-rows tr[data-action="directory.update"]').count()).toBe(0);
    await p.getByRole('button', { name: 'Xem các mục cũ hơn' }).click();
    await expect.poll(() => p.locator('#audit-rows tr').count()).toBeGreaterThan(105);
    const evil = p.locator('#audit-rows tr[data-action="directory.update"]');
    expect(await evil.locator('td[data-label="Đối tượng"]').textContent()).toBe(`directory:${EVIL}`);
    expect(await evil.locator('td[data-label="Thao tác"]').textContent()).toBe('Sửa địa chỉ hỗ trợ');
    expect(await evil.locator('td[data-label="Người thực hiện"]').textContent()).toBe('ADMIN_TOKEN');
    expect(await p.locator('#audit-rows img').count()).toBe(0);
    expect(await p.title()).not.toBe('pwned');
    await p.getByLabel('Loại thao tác').selectOption('account');
    await expect.poll(() => p.locator('#audit-rows tr[data-action="directory.update"]').count()).toBe(0);
    const actions = await p
      .locator('#audit-rows tr')
      .evaluateAll((rows) =>
        rows.map((r) => (r as unknown as { dataset: { action: string } }).dataset.action),
      );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('account.'))).toBe(true);
    const who = await p.locator('#audit-rows td[data-label="Người thực hiện"]').allTextContents();
    expect(who).toContain('quan-tri');
    expect(new URL(p.url()).searchParams.get('action')).toBe('account');
    await shots(p, 'audit');
    await context.close();
    expect(errors).toEqual([]);
  });
});
