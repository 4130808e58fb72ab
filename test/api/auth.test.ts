/**
 * Console authentication on both databases: login and its cookie, session fixation, CSRF, lockout
 * and the login rate limit, idle and absolute session ends, API tokens, and what is stored.
 */
import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/api/app.ts';
import { requireConsole, safeNext } from '../../src/api/auth/console-guard.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../../src/api/auth/sessions.ts';
import { accountByUsername } from '../../src/db/queries/accounts.ts';
import type { Service } from '../../src/service.ts';
import { createAccount, loginCookie, loginFormToken, TEST_PASSWORD } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { tablesContaining, testService } from '../support/service.ts';

const ADMIN_PASSWORD = 'first admin password 42';
const START = new Date('2026-11-29T02:00:00Z');
const MIN = 60_000;
let ip = 0;
/** A fresh client address per login attempt series, so the per-address rate limit stays out of the way. */
const nextIp = () => `10.0.0.${++ip}`;

describe.each(testDatabases)('console authentication on $name', (kind) => {
  let service: Service;
  let clock = START;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_PASSWORD }, { now: () => clock });
    const db = service.database.db;
    await createAccount(db, { username: 'lan.officer', role: 'officer', units: ['Chiềng Lao'] });
    await createAccount(db, { username: 'viewer1', role: 'viewer' });
    // A test-only page behind the guard, registered like any console page.
    const deps = { bot: service.bot, config: {} } as unknown as AppDeps;
    service.app.get(
      '/admin/guarded-test',
      { preHandler: requireConsole(deps, 'officer') },
      async () => 'inside',
    );
  });
  afterAll(() => service?.close());

  // Through the login form: its hb_login cookie and hidden field come along, with any cookie of `extra`.
  const login = async (username: string, password: string, extra: Partial<InjectOptions> = {}) => {
    const form = await loginFormToken(service);
    const cookie = [form.cookie, extra.headers?.cookie].filter(Boolean).join('; ');
    return service.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(extra.headers ?? {}), cookie },
      payload: new URLSearchParams({
        username,
        password,
        next: '/admin/broadcasts?x=1',
        ...form.fields,
      }).toString(),
      remoteAddress: extra.remoteAddress ?? nextIp(),
    });
  };
  const me = (headers: Record<string, string>) =>
    service.app.inject({ method: 'GET', url: '/api/v1/me', headers });

  it('shows a labelled login form in Vietnamese and in English', async () => {
    const vi = await service.app.inject({ method: 'GET', url: '/admin/login' });
    expect(vi.statusCode).toBe(200);
    expect(vi.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(vi.body).toContain('<label for="username">Tên đăng nhập</label>');
    expect(vi.body).toContain('<label for="password">Mật khẩu</label>');
    const en = await service.app.inject({ method: 'GET', url: '/admin/login?lang=en' });
    expect(en.body).toContain('<label for="username">User name</label>');
  });

  it('logs in with a HttpOnly, SameSite=Strict cookie and goes to the page asked for', async () => {
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/broadcasts?x=1');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^hb_session=[A-Za-z0-9_-]{43};/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).not.toContain('Secure'); // plain http on 127.0.0.1 without PUBLIC_URL
    const body = (await me({ cookie: set.split(';')[0] as string })).json();
    expect(body).toMatchObject({ name: 'admin', role: 'admin', via: 'session', province: true });
  });

  it('marks the cookie Secure behind https or in production', () => {
    expect(sessionCookieOptions({ production: false, publicUrl: 'https://hoaban.example' }).secure).toBe(
      true,
    );
    expect(sessionCookieOptions({ production: true, publicUrl: undefined }).secure).toBe(true);
    expect(sessionCookieOptions({ production: false, publicUrl: undefined }).secure).toBe(false);
  });

  it('only follows same-site paths after login', () => {
    expect(safeNext('/admin/faq?lang=en')).toBe('/admin/faq?lang=en');
    for (const evil of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/a b',
    ])
      expect(safeNext(evil)).toBe('/admin');
  });

  it('refuses a wrong password with one generic message and no cookie', async () => {
    for (const [u, p] of [
      ['viewer1', 'wrong password!!'],
      ['nobody.here', 'wrong password!!'],
    ] as const) {
      const res = await login(u, p);
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toContain('Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa');
    }
  });

  it('starts a new session at every login and ends one sent along (no session fixation)', async () => {
    const planted = await loginCookie(service, 'viewer1', TEST_PASSWORD, { remoteAddress: nextIp() });
    const res = await login('lan.officer', TEST_PASSWORD, { headers: { cookie: planted.cookie } });
    expect(res.statusCode).toBe(303);
    const fresh = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(fresh?.value).toBeTruthy();
    expect(`${SESSION_COOKIE}=${fresh?.value}`).not.toBe(planted.cookie);
    expect((await me({ cookie: planted.cookie })).statusCode).toBe(401);
    expect((await me({ cookie: `${SESSION_COOKIE}=${fresh?.value}` })).json()).toMatchObject({
      name: 'lan.officer',
      province: false,
      units: ['Chiềng Lao'],
    });
    const again = await loginCookie(service, 'lan.officer', TEST_PASSWORD, { remoteAddress: nextIp() });
    expect(again.cookie).not.toBe(`${SESSION_COOKIE}=${fresh?.value}`);
  });

  it('refuses a cookie-authenticated post without its CSRF token, with a wrong one, and takes the right one', async () => {
    const s = await loginCookie(service, 'admin', ADMIN_PASSWORD, { remoteAddress: nextIp() });
    const viewer = await accountByUsername(service.database.db, 'viewer1');
    const patch = (headers: Record<string, string>) =>
      service.app.inject({
        method: 'PATCH',
        url: `/api/v1/accounts/${viewer?.id}`,
        headers,
        payload: { unlock: true },
      });
    const none = await patch({ cookie: s.cookie });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ error: 'csrf' });
    expect((await patch({ cookie: s.cookie, 'x-csrf-token': `${s.csrf}x` })).statusCode).toBe(403);
    expect((await patch(s.headers)).statusCode).toBe(200);
    // Logout is a form post: without the field it is refused and the session lives on.
    const logout = (payload: string) =>
      service.app.inject({
        method: 'POST',
        url: '/admin/logout',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    expect((await logout('')).statusCode).toBe(403);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    const out = await logout(new URLSearchParams({ _csrf: s.csrf }).toString());
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect(String(out.headers['set-cookie'])).toMatch(/^hb_session=;/);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });

  it('exempts bearer requests from CSRF and never mixes a cookie into them', async () => {
    const admin = await loginCookie(service, 'admin', ADMIN_PASSWORD, { remoteAddress: nextIp() });
    const viewer = await accountByUsername(service.database.db, 'viewer1');
    const made = await service.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${viewer?.id}/tokens`,
      headers: admin.headers,
      payload: { label: 'script' },
    });
    expect(made.statusCode).toBe(201);
    const token = made.json().token as string;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).json()).toMatchObject({ name: 'viewer1', via: 'token' });
    // A wrong bearer with a good cookie is not authenticated by the cookie.
    expect((await me({ authorization: 'Bearer hb_wrong', cookie: admin.cookie })).statusCode).toBe(401);
    // An admin bearer posts without a CSRF token.
    const adminTok = await service.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${(await accountByUsername(service.database.db, 'admin'))?.id}/tokens`,
      headers: admin.headers,
      payload: {},
    });
    const res = await service.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${viewer?.id}`,
      headers: { authorization: `Bearer ${adminTok.json().token}` },
      payload: { unlock: true },
    });
    expect(res.statusCode).toBe(200);
  });

  it('locks an account for the client that failed 5 times in a row, even against the right password, for 15 minutes', async () => {
    await createAccount(service.database.db, { username: 'locked.one' });
    const addr = nextIp();
    for (let i = 0; i < 5; i++)
      expect((await login('locked.one', `wrong password ${i}`, { remoteAddress: addr })).statusCode).toBe(
        401,
      );
    const sixth = await login('locked.one', TEST_PASSWORD, { remoteAddress: addr });
    expect(sixth.statusCode).toBe(401);
    expect(sixth.headers['set-cookie']).toBeUndefined();
    clock = new Date(clock.getTime() + 14 * MIN);
    expect((await login('locked.one', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(401);
    clock = new Date(clock.getTime() + 2 * MIN);
    expect((await login('locked.one', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(303);
    // Four failures and a success reset the count: no lock.
    for (let i = 0; i < 4; i++) await login('locked.one', 'wrong password!!', { remoteAddress: addr });
    expect((await login('locked.one', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(303);
    const row = await accountByUsername(service.database.db, 'locked.one');
    expect(row?.failedLogins).toBe(0);
  });

  it('cannot be turned against the admin: failures from other addresses never lock the admin out of her own', async () => {
    const own = nextIp();
    expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: own })).statusCode).toBe(303);
    // An attacker guesses from 30 addresses, 5 times each: 150 failures, each of his addresses locked.
    for (let a = 0; a < 30; a++) {
      const attacker = `172.16.${a}.1`;
      for (let i = 0; i < 5; i++) await login('admin', `guess ${a}-${i}`, { remoteAddress: attacker });
      expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: attacker })).statusCode).toBe(401);
    }
    // Past 50 in a row the account is under attack: new addresses are refused, even with the password…
    expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: nextIp() })).statusCode).toBe(401);
    // …but the admin's own address, where she logged in before, still gets in…
    expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: own })).statusCode).toBe(303);
    // …and her getting in does not end the attack for everyone else.
    expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: nextIp() })).statusCode).toBe(401);
    const row = await accountByUsername(service.database.db, 'admin');
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(clock.getTime());
    // After 15 minutes the attack mode ends by itself.
    clock = new Date(clock.getTime() + 16 * MIN);
    expect((await login('admin', ADMIN_PASSWORD, { remoteAddress: nextIp() })).statusCode).toBe(303);
  });

  it('counts every attempt before checking its password: a burst of 15 parallel guesses gets 5 checks', async () => {
    await createAccount(service.database.db, { username: 'burst.one' });
    const addr = nextIp();
    const forms = await Promise.all(Array.from({ length: 15 }, () => loginFormToken(service)));
    const codes = await Promise.all(
      forms.map((form, i) =>
        service.app.inject({
          method: 'POST',
          url: '/admin/login',
          remoteAddress: addr,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
          payload: new URLSearchParams({
            username: 'burst.one',
            password: `guess ${i}`,
            ...form.fields,
          }).toString(),
        }),
      ),
    );
    expect(codes.map((c) => c.statusCode)).toEqual(Array(15).fill(401));
    // Only five reached the password check: the account counted five failures, not fifteen.
    expect((await accountByUsername(service.database.db, 'burst.one'))?.failedLogins).toBe(5);
    expect((await login('burst.one', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(401);
  });

  it('counts an address the same however it is written: IPv4-mapped IPv6 and the IPv4 are one client', async () => {
    await createAccount(service.database.db, { username: 'mapped.one' });
    for (let i = 0; i < 5; i++) await login('mapped.one', 'wrong password!!', { remoteAddress: '10.66.6.6' });
    expect((await login('mapped.one', TEST_PASSWORD, { remoteAddress: '::ffff:10.66.6.6' })).statusCode).toBe(
      401,
    );
    // One IPv6 /64 is one client: a new address inside it starts no new count.
    await createAccount(service.database.db, { username: 'v6.one' });
    for (let i = 0; i < 5; i++)
      await login('v6.one', 'wrong password!!', { remoteAddress: `2001:db8:1:2::${i + 1}` });
    expect((await login('v6.one', TEST_PASSWORD, { remoteAddress: '2001:db8:1:2:ffff::9' })).statusCode).toBe(
      401,
    );
    expect((await login('v6.one', TEST_PASSWORD, { remoteAddress: '2001:db8:1:3::1' })).statusCode).toBe(303);
  });

  it('stores no client address: only an HMAC of it with a server key', async () => {
    await createAccount(service.database.db, { username: 'locked.three' });
    const addr = '198.51.100.203';
    await login('locked.three', 'wrong password!!', { remoteAddress: addr });
    expect(await tablesContaining(service, addr)).toEqual([]);
    expect(await tablesContaining(service, createHash('sha256').update(addr).digest('hex'))).toEqual([]);
  });

  it('lets an admin unlock a locked account at once, for every client', async () => {
    await createAccount(service.database.db, { username: 'locked.two' });
    const addr = nextIp();
    for (let i = 0; i < 5; i++) await login('locked.two', 'wrong password!!', { remoteAddress: addr });
    expect((await login('locked.two', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(401);
    const admin = await loginCookie(service, 'admin', ADMIN_PASSWORD, { remoteAddress: nextIp() });
    const row = await accountByUsername(service.database.db, 'locked.two');
    const account = await service.app.inject({ url: `/api/v1/accounts/${row?.id}`, headers: admin.headers });
    expect(account.json()).toMatchObject({ locked: false, lockedClients: 1 });
    const res = await service.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${row?.id}`,
      headers: admin.headers,
      payload: { unlock: true },
    });
    expect(res.json()).toMatchObject({ locked: false, lockedClients: 0, failedLogins: 0 });
    expect((await login('locked.two', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(303);
  });

  it('limits login posts to 20 a minute per client address', async () => {
    const addr = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await login('nobody.here', 'wrong password!!', { remoteAddress: addr })).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes[20]).toBe(429);
    const limited = await login('nobody.here', 'wrong password!!', { remoteAddress: addr });
    expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(limited.body).toContain('Có quá nhiều lần đăng nhập từ máy này');
    expect(limited.headers['retry-after']).toBeDefined();
    // Even the right password is refused from that address; another address is not affected.
    expect((await login('viewer1', TEST_PASSWORD, { remoteAddress: addr })).statusCode).toBe(429);
    expect((await login('viewer1', TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('ends a session after 8 idle hours and 7 days after login however busy', async () => {
    const idle = await loginCookie(service, 'viewer1', TEST_PASSWORD, { remoteAddress: nextIp() });
    clock = new Date(clock.getTime() + 7 * 3600 * 1000);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 8 * 3600 * 1000 - MIN);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 8 * 3600 * 1000 + MIN);
    expect((await me({ cookie: idle.cookie })).statusCode).toBe(401);

    const busy = await loginCookie(service, 'viewer1', TEST_PASSWORD, { remoteAddress: nextIp() });
    const started = clock.getTime();
    while (clock.getTime() - started < 7 * 24 * 3600 * 1000 - 7 * 3600 * 1000) {
      clock = new Date(clock.getTime() + 7 * 3600 * 1000);
      expect((await me({ cookie: busy.cookie })).statusCode).toBe(200);
    }
    clock = new Date(started + 7 * 24 * 3600 * 1000 + MIN);
    expect((await me({ cookie: busy.cookie })).statusCode).toBe(401);
  });

  it('sends a browser without a session to the login page and a low role to a 403 page', async () => {
    const anon = await service.app.inject({ method: 'GET', url: '/admin/guarded-test?lang=en' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(
      `/admin/login?next=${encodeURIComponent('/admin/guarded-test?lang=en')}&lang=en`,
    );
    const viewer = await loginCookie(service, 'viewer1', TEST_PASSWORD, { remoteAddress: nextIp() });
    const low = await service.app.inject({
      method: 'GET',
      url: '/admin/guarded-test',
      headers: { cookie: viewer.cookie },
    });
    expect(low.statusCode).toBe(403);
    expect(low.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(low.body).toContain('Không có quyền truy cập');
    const officer = await loginCookie(service, 'lan.officer', TEST_PASSWORD, { remoteAddress: nextIp() });
    const ok = await service.app.inject({
      method: 'GET',
      url: '/admin/guarded-test',
      headers: { cookie: officer.cookie },
    });
    expect(ok.body).toBe('inside');
  });

  it('stores argon2id hashes only: no table holds a password, a session cookie or a token', async () => {
    const row = await accountByUsername(service.database.db, 'admin');
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const s = await loginCookie(service, 'admin', ADMIN_PASSWORD, { remoteAddress: nextIp() });
    const made = await service.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${row?.id}/tokens`,
      headers: s.headers,
      payload: { label: 'check' },
    });
    const token = made.json().token as string;
    expect(await tablesContaining(service, ADMIN_PASSWORD)).toEqual([]);
    expect(await tablesContaining(service, TEST_PASSWORD)).toEqual([]);
    expect(await tablesContaining(service, s.cookie.split('=')[1] as string)).toEqual([]);
    expect(await tablesContaining(service, token.slice(3))).toEqual([]);
  });
});
