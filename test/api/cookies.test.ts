/**
 * Console cookies over https: `__Host-hb_session` and `__Host-hb_login` (Secure, Path=/, no Domain),
 * which a browser accepts only from this host over https, so a sibling subdomain or a plain-http page
 * cannot plant them. Cookies under the plain names are then ignored: a planted `hb_session` signs
 * nobody in, and a login token pair fetched by someone else and planted as `hb_login` is refused.
 * On plain http (a laptop) the plain names are used, as every other test shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { createAccount, loginFieldOf, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const pglite = { name: 'pglite' as const, open: openTestPglite };

describe('console cookies behind https', () => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(pglite, { PUBLIC_URL: 'https://hoaban.example.org' });
    await createAccount(service.database.db, { username: 'host.officer' });
  });
  afterAll(() => service?.close());

  const form = async () => {
    const res = await service.app.inject({ url: '/admin/login' });
    const set = res.cookies.find((c) => c.name === '__Host-hb_login');
    return { set, field: loginFieldOf(res.body) };
  };
  const post = (cookie: string, field: string) =>
    service.app.inject({
      method: 'POST',
      url: '/admin/login',
      remoteAddress: '10.88.0.1',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        username: 'host.officer',
        password: TEST_PASSWORD,
        _login: field,
      }).toString(),
    });

  it('uses __Host- names with Secure and Path=/, and signs in with them', async () => {
    const { set, field } = await form();
    expect(set).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Strict' });
    expect(set?.domain).toBeUndefined();
    const res = await post(`__Host-hb_login=${set?.value}`, field);
    expect(res.statusCode).toBe(303);
    const session = res.cookies.find((c) => c.name === '__Host-hb_session');
    expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
    expect(res.cookies.find((c) => c.name === 'hb_session')).toBeUndefined();
    const me = await service.app.inject({
      url: '/api/v1/me',
      headers: { cookie: `__Host-hb_session=${session?.value}` },
    });
    expect(me.json()).toMatchObject({ name: 'host.officer', via: 'session' });
    // The same session under the plain name (as a sibling subdomain could plant it) is not read.
    const planted = await service.app.inject({
      url: '/api/v1/me',
      headers: { cookie: `hb_session=${session?.value}` },
    });
    expect(planted.statusCode).toBe(401);
  });

  it('refuses a login token pair planted under the plain cookie name', async () => {
    const { set, field } = await form();
    const res = await post(`hb_login=${set?.value}`, field);
    expect(res.statusCode).toBe(403);
    expect(res.cookies.find((c) => c.name.endsWith('hb_session'))).toBeUndefined();
  });
});
