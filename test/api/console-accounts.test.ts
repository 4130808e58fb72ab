/**
 * The admins' accounts and audit pages, and the login form's own CSRF token, on both databases: pages
 * in Vietnamese (English with ?lang=en) with a label for every field, 403 for officers and viewers,
 * the admin-only navigation, and a login post refused without the double-submit token.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE } from '../../src/api/auth/login-csrf.ts';
import { SESSION_COOKIE } from '../../src/api/auth/sessions.ts';
import type { Service } from '../../src/service.ts';
import {
  type ConsoleLogin,
  createAccount,
  loginCookie,
  loginFieldOf,
  loginFormToken,
  TEST_PASSWORD,
  unlabelled,
} from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

let ip = 0;
const nextIp = () => `10.7.0.${++ip}`;

describe.each(testDatabases)('accounts and audit pages on $name', (kind) => {
  let service: Service;
  let officerId: number;
  const who: Record<string, ConsoleLogin> = {};
  beforeAll(async () => {
    service = await testService(kind, {});
    const db = service.database.db;
    await createAccount(db, { username: 'quan-tri', role: 'admin' });
    officerId = (await createAccount(db, { username: 'xa', units: ['Chiềng Lao'] })).id;
    await createAccount(db, { username: 'xem', role: 'viewer', formerDistricts: ['Mai Sơn'] });
    for (const u of ['quan-tri', 'xa', 'xem']) who[u] = await loginCookie(service, u);
  });
  afterAll(() => service?.close());

  const get = (url: string, as: string | null = 'quan-tri') =>
    service.app.inject({ method: 'GET', url, headers: as ? { cookie: who[as]?.cookie as string } : {} });
  const post = (payload: Record<string, string>, cookie?: string) =>
    service.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      payload: new URLSearchParams(payload).toString(),
      remoteAddress: nextIp(),
    });

  it('lists every account with its scope and offers a labelled create form, in Vietnamese and English', async () => {
    const res = await get('/admin/accounts');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="vi">');
    expect(unlabelled(res.body)).toEqual([]);
    expect(res.body).toContain('<label for="new-password">Mật khẩu</label>');
    expect(res.body).toMatch(/id="new-password"[^>]*minlength="10"/);
    expect(res.body).toContain('Toàn tỉnh (mọi xã, phường)');
    expect(res.body).toContain('Cả huyện cũ Mai Sơn'); // the viewer's scope, and a box of the picker
    expect(res.body).toMatch(/<td data-label="Phạm vi">Chiềng Lao<\/td>/);
    expect(res.body).toContain('<td data-label="Phạm vi">Toàn tỉnh</td>');
    expect(res.body).toContain(`href="/admin/accounts/${officerId}"`);
    expect(res.body).toContain('<a href="/admin/audit"');
    const en = await get('/admin/accounts?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('<label for="new-username">User name</label>');
    expect(unlabelled(en.body)).toEqual([]);
  });

  it("shows one account's role, scope, password, state and tokens forms, each field labelled", async () => {
    const res = await get(`/admin/accounts/${officerId}`);
    expect(res.statusCode).toBe(200);
    expect(unlabelled(res.body)).toEqual([]);
    expect(res.body).toContain('<title>Tài khoản xa · Hoa Ban</title>');
    // The stored scope is ticked; the whole province is not.
    expect(res.body).toMatch(/name="units" value="Chiềng Lao" id="[^"]+" checked>/);
    expect(res.body).toMatch(/name="province" value="true" id="edit-province" >/);
    expect(res.body).toContain('data-patch="{&quot;disabled&quot;:true}"');
    expect(res.body).toContain('Chưa có mã API.');
    // A new password revokes the API tokens unless the admin ticks "keep" (unticked by default).
    expect(res.body).toMatch(/<input type="checkbox" id="edit-keep-tokens" name="keepTokens" [^>]*>/);
    expect(res.body).not.toMatch(/id="edit-keep-tokens"[^>]*checked/);
    expect(res.body).toContain('<label for="edit-keep-tokens">Giữ lại các mã API</label>');
    expect((await get('/admin/accounts/999999')).statusCode).toBe(404);
    expect((await get('/admin/accounts/abc')).statusCode).toBe(404);
  });

  it('answers officers and viewers with the 403 page and hides the admin navigation from them', async () => {
    for (const as of ['xa', 'xem'])
      for (const url of ['/admin/accounts', `/admin/accounts/${officerId}`, '/admin/audit']) {
        const res = await get(url, as);
        expect(res.statusCode, `${as} ${url}`).toBe(403);
        expect(res.body).toContain('Không có quyền truy cập');
        expect(res.body).not.toContain('<a href="/admin/accounts"');
        expect(res.body).not.toContain('<a href="/admin/audit"');
      }
    const none = await get('/admin/audit', null);
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe('/admin/login?next=%2Fadmin%2Faudit');
  });

  it('renders the audit page with its filter labelled and the chosen kind selected', async () => {
    const res = await get('/admin/audit?action=account');
    expect(res.statusCode).toBe(200);
    expect(unlabelled(res.body)).toEqual([]);
    expect(res.body).toContain('<option value="account" selected>Tài khoản</option>');
    expect(res.body).toContain('<script type="module" src="/admin/assets/audit.js"></script>');
    const unknown = await get('/admin/audit?action=%3Cscript%3E');
    expect(unknown.body).not.toContain('<script>');
    expect(unknown.body).toContain('<option value="" selected>Tất cả</option>');
  });

  it('sets data in the pages only as text: no innerHTML-like sink in their scripts', () => {
    for (const file of ['accounts.js', 'audit.js']) {
      const js = readFileSync(new URL(`../../src/api/console/public/${file}`, import.meta.url), 'utf8');
      expect(js, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });

  describe('the login form token (login CSRF)', () => {
    it('gives the form a SameSite=Strict HttpOnly hb_login cookie and its signature in a hidden field', async () => {
      const res = await service.app.inject({ method: 'GET', url: '/admin/login' });
      const set = res.cookies.find((c) => c.name === LOGIN_COOKIE);
      expect(set).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin/login' });
      const field = loginFieldOf(res.body);
      // The field is not the cookie: someone who can plant a cookie cannot make the field for it.
      expect(field).not.toBe(set?.value);
      // A browser that already has one keeps it, so two open login tabs both work.
      const again = await service.app.inject({
        method: 'GET',
        url: '/admin/login',
        headers: { cookie: `${LOGIN_COOKIE}=${set?.value}` },
      });
      expect(again.cookies.find((c) => c.name === LOGIN_COOKIE)).toBeUndefined();
      expect(loginFieldOf(again.body)).toBe(field);
    });

    it('refuses a pair of cookie and field chosen by an attacker (equal values, as the unsigned token took)', async () => {
      const chosen = 'A'.repeat(43);
      const res = await post(
        { username: 'xa', password: TEST_PASSWORD, _login: chosen },
        `${LOGIN_COOKIE}=${chosen}`,
      );
      expect(res.statusCode).toBe(403);
      expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    });

    it('refuses a post without the cookie, without the field, or with another value: 403 and the login page', async () => {
      const form = await loginFormToken(service);
      const other = await loginFormToken(service);
      const creds = { username: 'xa', password: TEST_PASSWORD };
      for (const [what, res] of [
        ['no cookie, no field', await post(creds)],
        ['field only', await post({ ...creds, ...form.fields })],
        ['cookie only', await post(creds, form.cookie)],
        ['another value', await post({ ...creds, ...other.fields }, form.cookie)],
      ] as const) {
        expect(res.statusCode, what).toBe(403);
        expect(res.headers['content-type'], what).toBe('text/html; charset=utf-8');
        expect(res.body, what).toContain('Biểu mẫu đăng nhập đã hết hạn');
        expect(res.body, what).toMatch(/<input type="hidden" name="_login" value="[A-Za-z0-9_-]{43}">/);
        expect(
          res.cookies.find((c) => c.name === SESSION_COOKIE),
          what,
        ).toBeUndefined();
      }
      const ok = await post({ ...creds, ...form.fields }, form.cookie);
      expect(ok.statusCode).toBe(303);
      expect(ok.cookies.find((c) => c.name === SESSION_COOKIE)).toBeDefined();
    });

    it('counts no failed login for a refused form: the account is not locked by cross-site posts', async () => {
      for (let i = 0; i < 8; i++) await post({ username: 'xem', password: 'wrong password!!' });
      await expect(
        loginCookie(service, 'xem', TEST_PASSWORD, { remoteAddress: nextIp() }),
      ).resolves.toBeDefined();
    });
  });
});
