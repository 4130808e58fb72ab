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
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'console-pages-admin-token-0123456789';
/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
const EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes"';

/** Every id of an input, textarea or select without a <label for> (hidden inputs need none). */
function unlabelled(page: string): string[] {
  const labels = new Set([...page.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
  const fields = [...page.matchAll(/<(input|textarea|select)\b([^>]*)>/g)].filter(
    (m) => !/type="hidden"/.test(m[2] as string),
  );
  return fields
    .map((m) => /\bid="([^"]+)"/.exec(m[2] as string)?.[1] ?? `(no id) ${m[0]}`)
    .filter((id) => !labels.has(id));
}

describe.each(testDatabases)('console pages for broadcasts and campaigns on $name', (kind) => {
  let service: Service;
  let evilBroadcast: number;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    const row = await createBroadcast(service.database.db, {
      message: { vi: EVIL, en: EVIL },
      audience: { units: ['Chiềng Lao'] },
      status: 'draft',
      sendAt: null,
      createdBy: 'admin-token',
      now: NOW,
    });
    evilBroadcast = row?.id as number;
  });
  afterAll(() => service?.close());

  const get = (url: string, auth = true) =>
    service.app.inject({ method: 'GET', url, headers: auth ? { authorization: `Bearer ${TOKEN}` } : {} });

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
      // The page scripts load from /admin/assets and exist (the CSP allows no inline script).
      for (const m of vi.body.matchAll(/<script type="module" src="([^"]+)"/g)) {
        const asset = await get(m[1] as string, false);
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
    const res = await get(url, false);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(url)}`);
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
