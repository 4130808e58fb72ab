/**
 * The accounts API on both databases (admins only; validation; scope from former districts; audit
 * without passwords; disabled accounts and changed passwords end sessions and tokens; the last admin
 * is kept) and the first `admin` account at start, in process and as `npm start` runs it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/api/auth/first-admin.ts';
import { countAccounts } from '../../src/db/queries/accounts.ts';
import { listAudit } from '../../src/db/queries/audit.ts';
import type { Service } from '../../src/service.ts';
import { createAccount, loginCookie, loginFieldOf, TEST_PASSWORD } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const ADMIN_PASSWORD = 'admin password 2026';
let ip = 0;

describe.each(testDatabases)('accounts API on $name', (kind) => {
  let service: Service;
  let admin: Record<string, string>;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_PASSWORD });
    admin = (await loginCookie(service, 'admin', ADMIN_PASSWORD, { remoteAddress: `10.1.0.${++ip}` }))
      .headers;
  });
  afterAll(() => service?.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = admin,
  ) => service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('creates an officer of a former district, whose scope is its communes and wards', async () => {
    const res = await call('POST', '/api/v1/accounts', {
      username: 'muongla.cb',
      password: TEST_PASSWORD,
      role: 'officer',
      formerDistricts: ['Mường La'],
      units: ['chieng lao'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      username: 'muongla.cb',
      role: 'officer',
      province: false,
      units: ['Chiềng Lao'],
    });
    expect(JSON.stringify(body)).not.toMatch(/argon2|password_hash|passwordHash/);
    const s = await loginCookie(service, 'muongla.cb', TEST_PASSWORD, { remoteAddress: `10.1.0.${++ip}` });
    const me = (await call('GET', '/api/v1/me', undefined, s.headers)).json();
    const expected = service.bot
      .content()
      .units.unitsOf('Mường La')
      .map((u) => u.name);
    expect(expected.length).toBeGreaterThan(1);
    expect(me.units).toEqual([...new Set([...expected, 'Chiềng Lao'])].sort());
    expect(me).toMatchObject({ role: 'officer', province: false, via: 'session' });
    // An officer may not manage accounts.
    expect((await call('GET', '/api/v1/accounts', undefined, s.headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/accounts', undefined, {})).statusCode).toBe(401);
  });

  it('refuses bad input with the field named, and a taken name with 409', async () => {
    const bad = async (payload: object, message: RegExp) => {
      const res = await call('POST', '/api/v1/accounts', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(message);
    };
    const base = { username: 'new.one', password: TEST_PASSWORD, role: 'viewer', province: true };
    await bad({ ...base, password: 'short9char'.slice(0, 9) }, /^password: must be at least 10/);
    await bad({ ...base, username: 'Upper' }, /^username: must be 3-40/);
    await bad({ ...base, username: 'a<b' }, /^username:/);
    await bad({ ...base, role: 'root' }, /^role:/);
    await bad({ ...base, province: undefined }, /give units or formerDistricts, or province: true/);
    await bad({ ...base, province: undefined, units: ['Atlantis'] }, /no commune or ward named "Atlantis"/);
    await bad(
      { ...base, province: undefined, formerDistricts: ['Hà Nội'] },
      /no former district named "Hà Nội"/,
    );
    await bad(
      { ...base, role: 'admin', province: undefined, units: ['Chiềng Lao'] },
      /an admin is province-wide/,
    );
    await bad({ ...base, extra: 1 }, /./);
    expect((await call('POST', '/api/v1/accounts', base)).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/accounts', base)).statusCode).toBe(409);
    expect((await call('PATCH', '/api/v1/accounts/999999', { unlock: true })).statusCode).toBe(404);
  });

  it('changes role and scope, audits every change and never a password', async () => {
    const row = await createAccount(service.database.db, { username: 'change.me', units: ['Chiềng Lao'] });
    const promoted = await call('PATCH', `/api/v1/accounts/${row.id}`, { role: 'admin' });
    expect(promoted.json()).toMatchObject({ role: 'admin', province: true, units: [], formerDistricts: [] });
    const back = await call('PATCH', `/api/v1/accounts/${row.id}`, {
      role: 'viewer',
      formerDistricts: ['Quỳnh Nhai'],
    });
    expect(back.json()).toMatchObject({ role: 'viewer', province: false, formerDistricts: ['Quỳnh Nhai'] });
    const newPassword = 'a brand new password';
    expect((await call('PATCH', `/api/v1/accounts/${row.id}`, { password: newPassword })).statusCode).toBe(
      200,
    );
    const audit = (await listAudit(service.database.db)).entries.filter(
      (e) => e.target === `account:${row.id}`,
    );
    expect(audit.map((e) => e.action)).toEqual(['account.update', 'account.update', 'account.update']);
    expect(audit[0]?.details).toEqual({ changed: ['password'], tokensRevoked: 0, tokensKept: false });
    expect(audit[1]?.details).toMatchObject({ role: 'viewer', formerDistricts: ['Quỳnh Nhai'] });
    expect(audit.every((e) => e.actor.startsWith('user:'))).toBe(true);
    expect(JSON.stringify((await listAudit(service.database.db)).entries)).not.toContain(newPassword);
  });

  it('ends sessions when the password changes; a disabled account has no session and no token', async () => {
    const row = await createAccount(service.database.db, { username: 'to.disable', role: 'viewer' });
    const s = await loginCookie(service, 'to.disable', TEST_PASSWORD, { remoteAddress: `10.1.0.${++ip}` });
    const token = (await call('POST', `/api/v1/accounts/${row.id}/tokens`, { label: 't' })).json();
    const bearer = { authorization: `Bearer ${token.token}` };
    expect((await call('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(200);
    // The token is shown in the answer that made it, and never again.
    const listed = await call('GET', `/api/v1/accounts/${row.id}/tokens`);
    expect(listed.body).not.toContain(token.token);
    expect(listed.json().tokens).toEqual([
      expect.objectContaining({ id: token.id, label: 't', revokedAt: null }),
    ]);

    // The token is kept on purpose here, so what disabling does to it shows below.
    expect(
      (await call('PATCH', `/api/v1/accounts/${row.id}`, { password: 'another password!', keepTokens: true }))
        .statusCode,
    ).toBe(200);
    expect((await call('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/me', undefined, { cookie: s.cookie })).statusCode).toBe(401);
    expect((await call('PATCH', `/api/v1/accounts/${row.id}`, { disabled: true })).json()).toMatchObject({
      disabled: true,
    });
    expect((await call('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(401);
    await expect(
      loginCookie(service, 'to.disable', 'another password!', { remoteAddress: `10.1.0.${++ip}` }),
    ).rejects.toThrow(/401/);
    expect((await call('PATCH', `/api/v1/accounts/${row.id}`, { disabled: false })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(200);
    // Revoked: refused at once, and revoking twice is a 404.
    expect((await call('DELETE', `/api/v1/accounts/${row.id}/tokens/${token.id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(401);
    expect((await call('DELETE', `/api/v1/accounts/${row.id}/tokens/${token.id}`)).statusCode).toBe(404);
  });

  it('a new password revokes the account’s API tokens unless the admin keeps them, and says how many', async () => {
    const row = await createAccount(service.database.db, { username: 'lost.password', role: 'officer' });
    const makeToken = async (label: string) => {
      const made = (await call('POST', `/api/v1/accounts/${row.id}/tokens`, { label })).json();
      return { id: made.id as number, bearer: { authorization: `Bearer ${made.token}` } };
    };
    const me = async (t: { bearer: Record<string, string> }) =>
      (await call('GET', '/api/v1/me', undefined, t.bearer)).statusCode;
    const first = await makeToken('one');
    const second = await makeToken('two');
    const gone = await makeToken('revoked before');
    expect((await call('DELETE', `/api/v1/accounts/${row.id}/tokens/${gone.id}`)).statusCode).toBe(204);
    const auditOf = async () =>
      (await listAudit(service.database.db)).entries.filter(
        (e) => e.target === `account:${row.id}` && e.action === 'account.update',
      );

    // Kept on purpose: both tokens still work, and the audit says so.
    const kept = await call('PATCH', `/api/v1/accounts/${row.id}`, {
      password: 'forgot it, new one',
      keepTokens: true,
    });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ tokensRevoked: 0 });
    expect([await me(first), await me(second)]).toEqual([200, 200]);
    expect((await auditOf())[0]?.details).toEqual({
      changed: ['password'],
      tokensRevoked: 0,
      tokensKept: true,
    });

    // By default: every active token is revoked at once, counted in the answer and the audit.
    const reset = await call('PATCH', `/api/v1/accounts/${row.id}`, { password: 'leaked, another one' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ tokensRevoked: 2 });
    expect([await me(first), await me(second)]).toEqual([401, 401]);
    expect((await auditOf())[0]?.details).toEqual({
      changed: ['password'],
      tokensRevoked: 2,
      tokensKept: false,
    });
    const listed = (await call('GET', `/api/v1/accounts/${row.id}/tokens`)).json().tokens as Array<{
      revokedAt: string | null;
    }>;
    expect(listed.every((t) => t.revokedAt !== null)).toBe(true);

    // keepTokens: false is the default said out loud; keepTokens alone means nothing and is refused.
    const third = await makeToken('three');
    expect(
      (
        await call('PATCH', `/api/v1/accounts/${row.id}`, { password: 'yet another one!', keepTokens: false })
      ).json(),
    ).toMatchObject({ tokensRevoked: 1 });
    expect(await me(third)).toBe(401);
    const alone = await call('PATCH', `/api/v1/accounts/${row.id}`, { keepTokens: true });
    expect(alone.statusCode).toBe(400);
    expect(alone.json()).toMatchObject({ field: 'keepTokens' });
    // Other changes leave the tokens alone.
    const fourth = await makeToken('four');
    expect(
      (await call('PATCH', `/api/v1/accounts/${row.id}`, { role: 'viewer', province: true })).json(),
    ).not.toHaveProperty('tokensRevoked');
    expect(await me(fourth)).toBe(200);
  });

  it('keeps the last active admin', async () => {
    const accounts = (await call('GET', '/api/v1/accounts')).json().accounts as Array<{
      id: number;
      username: string;
      role: string;
    }>;
    for (const a of accounts.filter((x) => x.role === 'admin' && x.username !== 'admin'))
      await call('PATCH', `/api/v1/accounts/${a.id}`, { role: 'viewer', province: true });
    const me = accounts.find((a) => a.username === 'admin');
    const res = await call('PATCH', `/api/v1/accounts/${me?.id}`, { disabled: true });
    expect(res.statusCode).toBe(409);
    expect(
      (await call('PATCH', `/api/v1/accounts/${me?.id}`, { role: 'officer', province: true })).statusCode,
    ).toBe(409);
  });

  it('creates the first admin once however many replicas start together', async () => {
    const database = await kind.open();
    try {
      const results = await Promise.all([1, 2, 3].map(() => ensureFirstAdmin(database.db, undefined)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.filter((r) => r.password)).toHaveLength(1);
      expect(await countAccounts(database.db)).toBe(1);
      const again = await ensureFirstAdmin(database.db, 'a different password');
      expect(again).toEqual({ created: false, username: 'admin' });
    } finally {
      await database.close();
    }
  });
});

/** Starts `npm start`'s command and resolves with its output once it is running. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const running = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/[^\s]+)[\s\S]*channels:.*\n(?:.*\n)*/.exec(out);
      if (m?.[1] && out.includes('console:')) setTimeout(() => resolve(m[1] as string), 200);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, running, output: () => out, errors: () => err };
}
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
/** Logs in as a browser would: the form's hb_login cookie and signed hidden field, then the post. */
const formLogin = async (url: string, username: string, password: string) => {
  const form = await fetch(`${url}/admin/login`);
  const token = /hb_login=([A-Za-z0-9_-]{43})/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  return fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `hb_login=${token}` },
    body: new URLSearchParams({ username, password, _login: loginFieldOf(await form.text()) }),
  });
};

describe('the first admin account at start', () => {
  it('is created once with a random password printed once on stdout and never logged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoaban-admin-'));
    const first = start({ DATA_DIR: dataDir });
    const url = await first.running;
    const m = /account: +admin created, password (\S+) \(shown once/.exec(first.output());
    expect(m?.[1]).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const password = m?.[1] as string;
    expect(first.output()).toContain(`console:    ${url}/admin`);
    expect((await formLogin(url, 'admin', password)).status).toBe(303);
    await stop(first.child);
    // pino writes JSON lines to stdout: none of them carries the password.
    const logLines = first
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(password);

    const second = start({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'never used password' });
    const url2 = await second.running;
    expect(second.output()).not.toContain('account:');
    expect((await formLogin(url2, 'admin', password)).status).toBe(303);
    expect((await formLogin(url2, 'admin', 'never used password')).status).toBe(401);
    await stop(second.child);
  }, 120_000);

  it('takes ADMIN_PASSWORD on a new database and refuses one shorter than 10 characters', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoaban-admin-'));
    const svc = start({ DATA_DIR: dataDir, ADMIN_PASSWORD });
    const url = await svc.running;
    expect(svc.output()).toContain('account:    admin created with ADMIN_PASSWORD');
    expect(svc.output()).not.toContain(ADMIN_PASSWORD);
    expect((await formLogin(url, 'admin', ADMIN_PASSWORD)).status).toBe(303);
    await stop(svc.child);
    const short = start({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hoaban-admin-')),
      ADMIN_PASSWORD: 'nine char',
    });
    await expect(short.running).rejects.toThrow(
      /hoaban: configuration error: ADMIN_PASSWORD: must be at least/,
    );
  }, 120_000);
});
