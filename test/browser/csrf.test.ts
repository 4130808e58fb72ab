/**
 * Cross-site request forgery in a real browser: an admin signed in to the console opens a page served
 * from another port of the same host (same site, so Chromium sends her SameSite=Strict cookie). The
 * page posts "approve" for a province-wide broadcast awaiting a second person, at the plain path and
 * at percent-encoded spellings of it, without and with no-cors. Every post is refused 403 csrf, the
 * broadcast still awaits approval, and it is then approved through the console itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { CHROMIUM_PATH, launchBrowser, signIn } from '../support/browser.ts';
import { createAccount, loginCookie, TEST_PASSWORD } from '../support/console.ts';
import { openTestPglite } from '../support/db.ts';
import { rowCount, testService } from '../support/service.ts';

const PATHS = (id: number) => [
  `/api/v1/broadcasts/${id}/approve`,
  `/%61pi/v1/broadcasts/${id}/approve`,
  `/api/v1/%62roadcasts/${id}/approve`,
  `/api/v1/broadcasts/${id}/%61pprove`,
];

describe.skipIf(!CHROMIUM_PATH)('CSRF from a same-site page in a real browser', () => {
  let service: Service;
  let browser: Browser;
  let url: string;
  let evil: Server;
  let evilUrl: string;
  let broadcastId: number;
  beforeAll(async () => {
    service = await testService({ name: 'pglite', open: openTestPglite }, { QUIET_HOURS: 'off' });
    url = await service.start();
    browser = await launchBrowser();
    const db = service.database.db;
    await createAccount(db, { username: 'writer.province', role: 'officer' });
    await createAccount(db, { username: 'second.admin', role: 'admin' });
    const writer = await loginCookie(service, 'writer.province');
    const made = await service.app.inject({
      method: 'POST',
      url: '/api/v1/broadcasts',
      headers: writer.headers,
      payload: {
        message: { vi: 'Tháng hành động vì bình đẳng giới' },
        send: true,
        sendAt: '2099-01-01T08:00:00+07:00',
      },
    });
    expect(made.json()).toMatchObject({ status: 'awaiting_approval' });
    broadcastId = made.json().id;
    // The attacker's page: same host, another port. It posts every spelling, then says it is done.
    const target = new URL(url);
    const page = `<!doctype html><meta charset="utf-8"><title>x</title><script>
(async () => {
  const out = [];
  for (const p of ${JSON.stringify(PATHS(broadcastId))}) {
    for (const mode of ['no-cors', 'cors']) {
      try {
        const r = await fetch('${target.origin}' + p, { method: 'POST', mode, credentials: 'include',
          headers: mode === 'no-cors' ? { 'content-type': 'text/plain' } : { 'content-type': 'application/json' },
          body: mode === 'no-cors' ? 'x' : '{}' });
        out.push(r.type + ':' + r.status);
      } catch (e) { out.push('error'); }
    }
  }
  document.title = 'done ' + out.join(',');
})();
</script>`;
    evil = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
    );
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    await service?.close();
  });

  const status = async () => {
    const admin = await loginCookie(service, 'second.admin');
    const res = await service.app.inject({
      url: `/api/v1/broadcasts/${broadcastId}`,
      headers: admin.headers,
    });
    return res.json().status as string;
  };

  it("a same-site page cannot approve with the admin's cookie, whatever the path's spelling", async () => {
    const errors: string[] = [];
    const { context, page } = await signIn(browser, {
      url,
      path: '/admin/broadcasts',
      username: 'second.admin',
      password: TEST_PASSWORD,
      errors,
    });
    const before = await rowCount(service, 'audit_log');
    const attack = await context.newPage();
    await attack.goto(evilUrl);
    await expect.poll(() => attack.title(), { timeout: 15_000 }).toMatch(/^done /);
    // cors-mode posts are blocked by the browser (no CORS headers) after the server answered 403.
    expect(await attack.title()).not.toMatch(/:2\d\d/);
    expect(await status()).toBe('awaiting_approval');
    expect(await rowCount(service, 'audit_log')).toBe(before);
    // The console itself, with its CSRF token, still approves it.
    await page.goto(`${url}/admin/broadcasts/${broadcastId}`);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: /Duyệt/ }).click();
    await expect.poll(status, { timeout: 10_000 }).toBe('scheduled');
    await context.close();
  });
});
