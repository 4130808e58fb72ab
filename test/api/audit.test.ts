/** GET /api/v1/audit on both databases: newest first, by kind of action and by actor, page by page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/db/queries/audit.ts';
import type { Service } from '../../src/service.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'audit-admin-token-0123456789';
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read in assertions
type Body = Record<string, any>;

describe.each(testDatabases)('audit log API on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN });
    const db = service.database.db;
    // 12 entries: broadcast.* by user:1, faq.* by user:2, and one action whose name holds a LIKE wildcard.
    for (let i = 0; i < 6; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 8, i));
      await recordAudit(db, { actor: 'user:1', action: 'broadcast.create', target: `broadcast:${i}`, at });
      await recordAudit(db, { actor: 'user:2', action: 'faq.update', target: `faq:n${i}`, at });
    }
    await recordAudit(db, { actor: 'user:3', action: 'broadcastx.odd', target: 'x', at: new Date() });
  });
  afterAll(() => service?.close());

  const get = async (query: string) => {
    const res = await service.app.inject({
      url: `/api/v1/audit${query}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: res.statusCode, body: res.json() as Body };
  };

  it('filters by the first part of the action and by actor', async () => {
    const broadcasts = await get('?action=broadcast&limit=500');
    expect(broadcasts.status).toBe(200);
    expect(broadcasts.body.entries).toHaveLength(6);
    expect(broadcasts.body.entries.every((e: Body) => e.action === 'broadcast.create')).toBe(true);
    expect(broadcasts.body.next).toBeUndefined();
    const byTwo = await get('?actor=user:2');
    expect(byTwo.body.entries.map((e: Body) => e.target)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `faq:n${i}`));
    expect((await get('?action=faq&actor=user:1')).body.entries).toEqual([]);
  });

  it('pages with next until the oldest entry, without repeating or skipping one', async () => {
    const all = (await get('?limit=500')).body.entries.map((e: Body) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(13);
    const seen: number[] = [];
    let cursor = '';
    for (let pages = 0; pages < 20; pages++) {
      const page = await get(`?limit=5${cursor}`);
      expect(page.body.entries.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.entries.map((e: Body) => e.id));
      if (page.body.next === undefined) break;
      expect(page.body.next).toBe(page.body.entries.at(-1).id);
      cursor = `&before=${page.body.next}`;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a filter that is not an action kind, or a cursor that is not an id, with a 400', async () => {
    for (const q of ['?action=broadcast.%25', '?action=', '?before=0', '?before=abc', '?limit=501']) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
    }
  });
});
