/**
 * The reproductions of the December 2026 security review, one test per finding, run against the
 * service as it is now: each is refused. The mechanisms behind them are tested in depth elsewhere:
 * directory-confidential (1), csrf-paths and browser/csrf (2), client-address and auth (3),
 * four-eyes (4), app (5), broadcasts-sse (6: a disabled account's stream ends at its next poll, 5
 * streams an account), content-editor and bot/handle-inbound (7: unanswered questions), accounts (7).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE } from '../../src/api/auth/login-csrf.ts';
import type { Service } from '../../src/service.ts';
import {
  type ConsoleLogin,
  createAccount,
  loginCookie,
  loginFormToken,
  TEST_PASSWORD,
} from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { apiCall, rowCount, testService } from '../support/service.ts';

const TOKEN = 'review-admin-token-0123456789';
const BT = 'Bình Thuận';
const BS = 'Bó Sinh';
const SHELTER_ADDRESS = 'Số 7 ngõ Kín, bản Thử';
let ip = 0;
const nextIp = () => `10.77.0.${++ip}`;

describe.each(testDatabases)('the security review of December 2026, finding by finding, on $name', (kind) => {
  let service: Service;
  let officer: ConsoleLogin;
  const admin = { authorization: `Bearer ${TOKEN}` };
  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
  ) => apiCall(service, headers, method, url, body);

  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN, WEBCHAT: 'on', QUIET_HOURS: 'off' });
    await createAccount(service.database.db, { username: 'officer.bt', units: [BT] });
    officer = await loginCookie(service, 'officer.bt', TEST_PASSWORD, { remoteAddress: nextIp() });
  });
  afterAll(() => service?.close());

  it('1 (HIGH): an officer cannot reveal a confidential shelter address, by kind, flag or CSV row', async () => {
    const made = await call(admin, 'POST', '/api/v1/directory', {
      kind: 'shelter',
      name_vi: 'Nhà tạm lánh thử',
      name_en: 'Test shelter',
      unit: BT,
      phone: '0212 000 0199',
      address: SHELTER_ADDRESS,
      address_public: 'no',
      source: 'UBND xã',
      confirmed: '2026-11-20',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    const audit = await rowCount(service, 'audit_log');
    for (const body of [
      { kind: 'health', address_public: 'yes' },
      { address_public: 'yes' },
      { kind: 'legal_aid' },
    ]) {
      const res = await call(officer.headers, 'PUT', `/api/v1/directory/${encodeURIComponent(id)}`, body);
      expect([400, 403], JSON.stringify(body)).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(SHELTER_ADDRESS);
    }
    const csv = `id,kind,name_vi,name_en,unit,phone,address,address_public,source,confirmed\n${id},legal_aid,Nhà thử,Test,${BT},0212 000 0199,,yes,UBND xã,2026-11-20\n`;
    expect((await call(officer.headers, 'POST', '/api/v1/directory/import', csv)).status).toBe(403);
    expect(await rowCount(service, 'audit_log')).toBe(audit);
    const exported = await call(officer.headers, 'GET', '/api/v1/directory/export.csv');
    expect(exported.status).toBe(200);
    expect(exported.body.text).not.toContain(SHELTER_ADDRESS);
    await service.refreshContent(true);
    let heard = '';
    for (const ask of [{ action: `unit:${BT}` }, { text: `tôi cần chỗ ở an toàn ở ${BT}` }]) {
      const chat = await service.app.inject({
        method: 'POST',
        url: '/chat/api/messages',
        payload: { chatId: randomUUID(), ...ask },
      });
      expect(chat.statusCode).toBe(200);
      heard += chat.body;
    }
    // The shelter is listed (its phone), without its address.
    expect(heard).toContain('0212 000 0199');
    expect(heard).not.toContain(SHELTER_ADDRESS);
  });

  it('2 (MEDIUM): /%61pi/v1/… with a session cookie and no CSRF token is refused', async () => {
    for (const [url, payload] of [
      ['/%61pi/v1/broadcasts', { message: { vi: 'x' }, audience: { units: [BT] } }],
      ['/%61pi/v1/broadcasts/8/cancel', {}],
      ['/%61pi/v1/directory', {}],
      ['/%61pi/v1/officer-link-codes', {}],
    ] as const) {
      const res = await service.app.inject({
        method: 'POST',
        url,
        headers: { cookie: officer.cookie },
        payload,
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toBe('csrf');
    }
  });

  it('3 (MEDIUM): rotating X-Forwarded-For neither bypasses the login limit nor locks the admin out', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: '192.0.2.200',
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        payload: { username: 'admin', password: 'guess' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 429)).toHaveLength(10);
    await createAccount(service.database.db, { username: 'second.admin', role: 'admin' });
    const home = nextIp();
    await loginCookie(service, 'second.admin', TEST_PASSWORD, { remoteAddress: home });
    // Real guesses through the login form (its token and all) from 12 addresses, 5 each: 60 failures.
    for (let a = 0; a < 12; a++)
      for (let i = 0; i < 5; i++) {
        const form = await loginFormToken(service);
        const res = await service.app.inject({
          method: 'POST',
          url: '/admin/login',
          remoteAddress: `198.18.${a}.1`,
          headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            username: 'second.admin',
            password: `guess ${i}`,
            ...form.fields,
          }).toString(),
        });
        expect(res.statusCode).toBe(401);
      }
    await expect(
      loginCookie(service, 'second.admin', TEST_PASSWORD, { remoteAddress: home }),
    ).resolves.toBeDefined();
  });

  it('4 (LOW): an officer cannot approve an occurrence whose text he wrote after another changed only its time', async () => {
    const db = service.database.db;
    await createAccount(db, { username: 'off2u', units: [BT, BS] });
    await createAccount(db, { username: 'off2v', units: [BT, BS] });
    const u = await loginCookie(service, 'off2u', TEST_PASSWORD, { remoteAddress: nextIp() });
    const v = await loginCookie(service, 'off2v', TEST_PASSWORD, { remoteAddress: nextIp() });
    const made = await call(u.headers, 'POST', '/api/v1/campaigns/occurrences', {
      date: '2026-12-20',
      message: { vi: 'Họp về bình đẳng giới' },
      audience: { units: [BT, BS] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const base = `/api/v1/campaigns/occurrences/${made.body.id}`;
    expect((await call(u.headers, 'POST', `${base}/approve`)).status).toBe(403);
    expect((await call(v.headers, 'PATCH', base, { time: '09:00' })).status).toBe(200);
    expect(await call(u.headers, 'POST', `${base}/approve`)).toMatchObject({
      status: 403,
      body: { error: 'four_eyes' },
    });
  });

  it('5 (LOW): /metrics is closed to the public and tells no emergency apart', async () => {
    await service.app.inject({
      method: 'POST',
      url: '/chat/api/messages',
      payload: { chatId: randomUUID(), text: 'cứu tôi, chồng tôi đang đánh tôi' },
    });
    expect((await service.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const res = await service.app.inject({ url: '/metrics', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/intent=|emergency/);
  });

  it('7 (INFO): unanswered questions stay in their communes with names masked; chosen login pairs, caching and kept tokens are refused', async () => {
    const db = service.database.db;
    await db.execute(
      sql`insert into unanswered_questions (text, locale, unit, created_at) values ('chị Lò Thị Hoa hỏi, số 0912 345 678', 'vi', ${BS}, now())`,
    );
    const mine = await call(officer.headers, 'GET', '/api/v1/unanswered');
    expect(JSON.stringify(mine.body)).not.toContain('[tên]');
    const all = await call(admin, 'GET', '/api/v1/unanswered');
    const text = JSON.stringify(all.body);
    expect(text).toContain('[tên]');
    expect(text).not.toMatch(/Lò Thị Hoa|0912 345 678/);
    // A login pair chosen by an attacker: the same value in the cookie and the field.
    const chosen = 'B'.repeat(43);
    const login = await service.app.inject({
      method: 'POST',
      url: '/admin/login',
      remoteAddress: nextIp(),
      headers: { cookie: `${LOGIN_COOKIE}=${chosen}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        username: 'officer.bt',
        password: TEST_PASSWORD,
        _login: chosen,
      }).toString(),
    });
    expect(login.statusCode).toBe(403);
    for (const url of ['/api/v1/directory', '/api/v1/directory/export.csv']) {
      const res = await service.app.inject({ url, headers: admin });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    // A new password revokes the account's API tokens.
    const account = (await call(admin, 'GET', '/api/v1/accounts')).body.accounts.find(
      (a: { username: string }) => a.username === 'officer.bt',
    );
    const token = (await call(admin, 'POST', `/api/v1/accounts/${account.id}/tokens`, { label: 'script' }))
      .body.token;
    expect((await call({ authorization: `Bearer ${token}` }, 'GET', '/api/v1/me')).status).toBe(200);
    expect(
      (await call(admin, 'PATCH', `/api/v1/accounts/${account.id}`, { password: 'a brand new password 7' }))
        .status,
    ).toBe(200);
    expect((await call({ authorization: `Bearer ${token}` }, 'GET', '/api/v1/me')).status).toBe(401);
  });
});
