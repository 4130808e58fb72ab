/**
 * The campaign scheduler on both databases: three instances ticking at the same due time create one
 * broadcast; catch-up on start fires within the day but not after quiet hours begin; a day that
 * passed leaves the occurrence missed; unapproved and disabled ones never fire.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler, type Scheduler } from '../../src/bot/broadcast/scheduler.ts';
import { loadConfig } from '../../src/config.ts';
import { buildContentIndex } from '../../src/content/index.ts';
import { type Database, openPostgres } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { listAudit } from '../../src/db/queries/audit.ts';
import { setOccurrence, setSetting, themeKey } from '../../src/db/queries/campaigns.ts';
import { loadContent } from '../../src/db/queries/content.ts';
import { broadcasts } from '../../src/db/schema/broadcasts.ts';
import { campaignOccurrences } from '../../src/db/schema/campaigns.ts';
import { createI18n } from '../../src/i18n.ts';
import { createPostgresDatabase, type TestDatabaseKind, testDatabases } from '../support/db.ts';

const KEY = 'ge-month-weekly:2026-11-29';
/** 08:00 in Sơn La on 29/11/2026, when KEY is due. */
const DUE = new Date('2026-11-29T01:00:00Z');
const at = (iso: string) => new Date(iso);

/** `n` databases handles on one database: separate pools on PostgreSQL, the one PGlite shared. */
async function openShared(kind: TestDatabaseKind, n: number, cleanups: Array<() => Promise<unknown>>) {
  if (kind.name === 'pglite') {
    const db = await kind.open();
    cleanups.push(() => db.close());
    return Array.from({ length: n }, () => db);
  }
  const created = await createPostgresDatabase();
  const first = await openPostgres(created.url, { max: 4 });
  await prepareDatabase(first);
  const others = await Promise.all(
    Array.from({ length: n - 1 }, () => openPostgres(created.url, { max: 4 })),
  );
  cleanups.push(async () => {
    for (const d of [first, ...others]) await d.close();
    await created.drop();
  });
  return [first, ...others];
}

describe.each(testDatabases)('campaign scheduler on $name', (kind) => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  });

  async function scheduler(database: Database, opts: { now?: () => Date; wake?: () => void } = {}) {
    const content = buildContentIndex(await loadContent(database.db), { today: DUE });
    const s: Scheduler = createScheduler({
      database,
      config: loadConfig({}),
      i18n: createI18n(),
      channels: [],
      content: () => content,
      log: { info: () => {}, warn: () => {} },
      wake: opts.wake ?? (() => {}),
      now: opts.now,
    });
    cleanups.push(() => s.stop());
    return s;
  }

  async function occurrence(database: Database, key = KEY) {
    const [row] = await database.db
      .select()
      .from(campaignOccurrences)
      .where(eq(campaignOccurrences.key, key));
    if (!row) throw new Error(`no occurrence ${key}`);
    return row;
  }

  const approve = async (database: Database, key = KEY) =>
    setOccurrence(database.db, (await occurrence(database, key)).id, ['pending'], {
      status: 'approved',
      approvedBy: 'officer-1',
      approvedAt: at('2026-11-28T03:00:00Z'),
    });

  const broadcastsOf = async (database: Database, occurrenceId: number) =>
    database.db.select().from(broadcasts).where(eq(broadcasts.occurrenceId, occurrenceId));

  it('three instances tick at the same due time: exactly one broadcast', async () => {
    const dbs = await openShared(kind, 3, cleanups);
    const [first] = dbs as [Database];
    let woken = 0;
    const instances = await Promise.all(dbs.map((d) => scheduler(d, { wake: () => woken++ })));
    expect((await instances[0]?.tick(at('2026-11-28T03:00:00Z')))?.materialised).toBeGreaterThan(10);
    await approve(first);
    const occ = await occurrence(first);
    // Each instance ticks three times at once, all at (or just after) the due minute.
    const results = await Promise.all(
      [0, 1, 2].flatMap(() => instances.map((s, i) => s.tick(new Date(DUE.getTime() + i * 7000)))),
    );
    expect(results.flatMap((r) => r.fired)).toHaveLength(1);
    expect(woken).toBe(1);
    const rows = await broadcastsOf(first, occ.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'scheduled',
      createdBy: 'calendar',
      approvedBy: 'officer-1',
      sendAt: DUE,
      message: occ.message,
    });
    expect(await occurrence(first)).toMatchObject({ status: 'fired', broadcastId: rows[0]?.id });
    const fires = (await listAudit(first.db)).entries.filter((a) => a.action === 'occurrence.fire');
    expect(fires).toEqual([expect.objectContaining({ actor: 'calendar', target: `occurrence:${occ.id}` })]);
  });

  it('catches up on start within the day, before quiet hours begin', async () => {
    const [database] = (await openShared(kind, 1, cleanups)) as [Database];
    await (await scheduler(database)).tick(at('2026-11-28T03:00:00Z'));
    await approve(database);
    // Down at 08:00; restarted at 20:59 local (13:59 UTC), before quiet hours: it fires on start.
    const restarted = await scheduler(database, { now: () => at('2026-11-29T13:59:00Z') });
    await restarted.start();
    const occ = await occurrence(database);
    expect(occ.status).toBe('fired');
    expect((await broadcastsOf(database, occ.id))[0]?.sendAt).toEqual(DUE);
  });

  it('after quiet hours begin a catch-up does not fire, and the next day the occurrence is missed', async () => {
    const [database] = (await openShared(kind, 1, cleanups)) as [Database];
    await (await scheduler(database)).tick(at('2026-11-28T03:00:00Z'));
    await approve(database);
    const late = await scheduler(database, { now: () => at('2026-11-29T14:00:00Z') }); // 21:00 local
    await late.start();
    const occ = await occurrence(database);
    expect(occ.status).toBe('approved');
    expect(await broadcastsOf(database, occ.id)).toHaveLength(0);
    const r = await late.tick(at('2026-11-29T17:00:00Z')); // 00:00 on 30/11
    expect(r.missed).toBe(1);
    expect((await occurrence(database)).status).toBe('missed');
    expect(await broadcastsOf(database, occ.id)).toHaveLength(0);
    const missed = (await listAudit(database.db)).entries.filter((a) => a.action === 'occurrence.missed');
    expect(missed.map((a) => a.target)).toContain(`occurrence:${occ.id}`);
  });

  it('an unapproved occurrence never fires (and is missed the next day); a disabled one never fires', async () => {
    const [database] = (await openShared(kind, 1, cleanups)) as [Database];
    const s = await scheduler(database);
    await s.tick(at('2026-11-28T03:00:00Z'));
    const disabledKey = 'ge-month-weekly:2026-12-06';
    const disabled = await occurrence(database, disabledKey);
    await setOccurrence(database.db, disabled.id, ['pending'], { status: 'disabled' });
    for (const t of [
      '2026-11-29T01:00:00Z',
      '2026-11-29T05:00:00Z',
      '2026-12-06T01:00:00Z',
      '2026-12-06T02:00:00Z',
    ])
      expect((await s.tick(at(t))).fired).toEqual([]);
    await s.tick(at('2026-12-07T01:00:00Z'));
    expect((await occurrence(database)).status).toBe('missed');
    expect((await occurrence(database, disabledKey)).status).toBe('disabled');
    const n = await database.db.select({ n: sql<number>`count(*)::int` }).from(broadcasts);
    expect(Number(n[0]?.n)).toBe(0);
  });

  it("fills the year's theme into the message it sends, and does not fire without one", async () => {
    const [database] = (await openShared(kind, 1, cleanups)) as [Database];
    const s = await scheduler(database);
    await s.tick(at('2026-11-28T03:00:00Z'));
    const key = 'ge-month-opening:2027-11-15';
    await approve(database, key);
    const due = at('2027-11-15T01:00:00Z');
    expect((await s.tick(due)).fired).toEqual([]);
    await setSetting(database.db, themeKey(2027), { vi: 'Chủ đề thử', en: 'Test theme' }, 'officer-1', due);
    const r = await s.tick(new Date(due.getTime() + 60_000));
    expect(r.fired).toHaveLength(1);
    const [b] = await database.db
      .select()
      .from(broadcasts)
      .where(and(eq(broadcasts.id, r.fired[0] as number)));
    expect(b?.message.vi).toContain('"Chủ đề thử"');
    expect(b?.message.en).toContain('"Test theme"');
    expect(b?.message.vi).not.toContain('{{');
  });
});
