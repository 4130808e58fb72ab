/**
 * The broadcasts and campaign calendar pages, rendered by the server: HTML in Vietnamese (English with
 * ?lang=en), a label for every field, the login page for a browser without a session, 404 for a
 * broadcast that does not exist, and officers' text escaped wherever it is shown.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/api/console/html.ts';
import { createBroadcast } from '../../src/db/queries/broadcasts.ts';
import { campaignOccurrences } from '../../src/db/schema/campaigns.ts';
import type { Service } from '../../src/service.ts';
import { type ConsoleLogin, createAccount, loginCookie, unlabelled } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
const EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes"';

describe.each(testDatabases)('console pages for broadcasts and campaigns on $name', (kind) => {
  let service: Service;
  let evilBroadcast: number;
  let elsewhere: number;
  const who: Record<string, ConsoleLogin> = {};
  beforeAll(async () => {
    service = await testService(kind, {}, { now: () => NOW });
    const db = service.database.db;
    const made = (units: string[], message = EVIL) =>
      createBroadcast(db, {
        message: { vi: message, en: message },
        audience: { units },
        status: 'draft',
        sendAt: null,
        createdBy: 'admin-token',
        now: NOW,
      });
    evilBroadcast = (await made(['Chiềng Lao']))?.id as number;
    elsewhere = (await made(['Tô Hiệu'], 'Tin cho phường Tô Hiệu'))?.id as number;
    await createAccount(db, { username: 'tinh' });
    await createAccount(db, { username: 'xa', units: ['Chiềng Lao'] });
    await createAccount(db, { username: 'xem', role: 'viewer' });
    for (const u of ['tinh', 'xa', 'xem']) who[u] = await loginCookie(service, u);
  });
  afterAll(() => service?.close());

  /** A page as the province officer (or another account, or nobody). */
  const get = (url: string, as: string | null = 'tinh') =>
    service.app.inject({ method: 'GET', url, headers: as ? { cookie: who[as]?.cookie as string } : {} });

  it.each(['/admin/broadcasts', '/admin/broadcasts/new', '/admin/campaigns'])(
    '%s renders in Vietnamese, in English with ?lang=en, with a label for every field',
    async (url) => {
      const vi = await get(url);
      expect(vi.statusCode).toBe(200);
      expect(vi.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(vi.body).toMatch(/^<!doctype html>\s*<html lang="vi">/);
      expect(unlabelled(vi.body)).toEqual([]);
      const en = await get(`${url}?lang=en`);
      expect(en.statusCode).toBe(200);
      expect(en.body).toContain('<html lang="en">');
      expect(en.body).not.toBe(vi.body);
      // The session's CSRF token is in the page for its scripts.
      expect(vi.body).toContain(`<meta name="csrf-token" content="${who.tinh?.csrf}">`);
      // The page scripts load from /admin/assets and exist (the CSP allows no inline script).
      for (const m of vi.body.matchAll(/<script type="module" src="([^"]+)"/g)) {
        const asset = await get(m[1] as string, null);
        expect(asset.statusCode, m[1]).toBe(200);
        expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
      }
      expect(vi.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    },
  );

  it('the compose form offers communes, former districts, channels and the listening languages', async () => {
    const res = await get('/admin/broadcasts/new');
    expect(res.body).toContain('value="Chiềng Lao"');
    expect(res.body).toContain('name="formerDistricts" value="Mường La"');
    for (const v of ['telegram', 'zalo-oa', 'zalo-bot', 'webchat', 'thai', 'hmong'])
      expect(res.body).toContain(`value="${v}"`);
    expect(res.body).toContain('type="datetime-local"');
    expect(res.body).toContain('id="paid"');
  });

  it.each([
    '/admin/broadcasts',
    '/admin/broadcasts/1',
    '/admin/broadcasts/new',
    '/admin/campaigns?year=2026',
  ])('without a session %s sends the browser to the login page', async (url) => {
    const res = await get(url, null);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(url)}`);
  });

  it("a commune officer sees and picks only her commune; another commune's broadcast is a 404", async () => {
    const list = await get('/admin/broadcasts', 'xa');
    expect(list.body).toContain(`href="/admin/broadcasts/${evilBroadcast}"`);
    expect(list.body).not.toContain(`href="/admin/broadcasts/${elsewhere}"`);
    expect((await get(`/admin/broadcasts/${elsewhere}`, 'xa')).statusCode).toBe(404);
    expect((await get(`/admin/broadcasts/${elsewhere}`, 'tinh')).statusCode).toBe(200);
    const form = await get('/admin/broadcasts/new', 'xa');
    expect([...form.body.matchAll(/name="units" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['Chiềng Lao']);
    expect(form.body).not.toContain('name="formerDistricts"');
  });

  it('the calendar: officers act inside their communes, only admins set the theme', async () => {
    const province = await get('/admin/campaigns?year=2026', 'tinh');
    expect(province.body).toContain('data-action="approve"');
    expect(province.body).toContain('id="link-code"');
    expect(province.body).not.toContain('id="theme-form"');
    // The calendar's messages go province-wide: a commune officer reads them but cannot change them.
    const commune = await get('/admin/campaigns?year=2026', 'xa');
    expect(commune.body).toContain('class="occurrence"');
    expect(commune.body).not.toContain('data-action=');
    expect(commune.body).toContain('id="link-code"');
  });

  it('a viewer reads the pages but gets no form and no buttons', async () => {
    const list = await get('/admin/broadcasts', 'xem');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('href="/admin/broadcasts/new');
    expect((await get('/admin/broadcasts/new', 'xem')).statusCode).toBe(403);
    const detail = await get(`/admin/broadcasts/${evilBroadcast}`, 'xem');
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain('id="approve"');
    const calendar = await get('/admin/campaigns?year=2026', 'xem');
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).not.toContain('data-action=');
    expect(calendar.body).not.toContain('id="theme-form"');
    expect(calendar.body).not.toContain('id="link-code"');
  });

  it('a broadcast that does not exist is a 404 page', async () => {
    for (const id of ['999999', 'abc', '0']) {
      const res = await get(`/admin/broadcasts/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('a broadcast message with markup is shown escaped in the list and on its page', async () => {
    for (const url of ['/admin/broadcasts', `/admin/broadcasts/${evilBroadcast}`]) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body, url).toContain(escapeHtml('<script>alert(1)</script><img src=x onerror="alert(2)">'));
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).not.toContain('<img src=x');
      expect(res.body, url).not.toMatch(/onerror="alert/);
    }
  });

  it("an occurrence's message with markup is shown escaped on the calendar, in the text and the edit form", async () => {
    const db = service.database.db;
    await get('/admin/campaigns?year=2026');
    const [occ] = await db
      .select()
      .from(campaignOccurrences)
      .where(eq(campaignOccurrences.status, 'pending'))
      .limit(1);
    expect(occ).toBeDefined();
    await db
      .update(campaignOccurrences)
      .set({ message: { vi: EVIL, en: EVIL } })
      .where(eq(campaignOccurrences.id, occ?.id as number));
    const res = await get('/admin/campaigns?year=2026');
    expect(res.statusCode).toBe(200);
    const escaped = escapeHtml('<script>alert(1)</script><img src=x onerror="alert(2)">');
    // The text, its English and both edit textareas.
    expect(res.body.split(escaped).length - 1).toBe(4);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
  });
});
