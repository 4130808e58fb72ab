import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createService, type Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { oaAdapter, oaEnv, postEvent, startFake, textEvent } from './support.ts';

const inbox = async (database: Database) =>
  Number(
    (
      (await database.db.execute(sql`select count(*)::int as n from zalo_oa_inbox`)) as unknown as {
        rows: Array<{ n: number }>;
      }
    ).rows[0]?.n,
  );

describe.each(testDatabases)('Zalo OA inbox across a restart on $name', (kind) => {
  let fake: FakeZaloOaApi;
  let database: Database;
  let second: Service | undefined;
  beforeAll(async () => {
    fake = await startFake();
    database = await kind.open();
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
    await fake?.close();
  });

  it('an event accepted and not yet handled survives a restart and is handled once', async () => {
    const config = loadConfig({ PORT: '0', ...oaEnv(fake) });
    const keep = { ...database, close: async () => {} };
    // The first process answers the webhook but stops before its worker runs (as in a crash).
    const first = await createService(config, { database: keep });
    const event = textEvent('550001', 'đăng ký');
    fake.userWrote('550001');
    expect((await postEvent(first, event)).statusCode).toBe(200);
    await first.close();
    expect(await inbox(database)).toBe(1);
    expect(fake.sentTo('550001')).toEqual([]);

    second = await createService(config, { database: keep });
    await second.start();
    await oaAdapter(second).drain();
    expect(fake.sentTo('550001')).toHaveLength(1);
    expect(await inbox(database)).toBe(0);
    // Zalo retries the same event after the restart: answered, not handled again.
    expect((await postEvent(second, event)).statusCode).toBe(200);
    await oaAdapter(second).drain();
    expect(fake.sentTo('550001')).toHaveLength(1);
    expect(await inbox(database)).toBe(0);
  });

  it('a lease left by a crashed worker is taken over once it has passed', async () => {
    const { acceptEvent, leaseEvents } = await import('../../src/db/queries/zalo-oa.ts');
    const now = new Date();
    const inbound = { channel: 'zalo-oa' as const, chatId: '550002', kind: 'text' as const, text: 'menu' };
    await acceptEvent(database.db, 'crash-1', { inbound, msgId: 'crash-1' }, now);
    // A worker leased it and died.
    expect(await leaseEvents(database.db, now, 60_000, 10)).toHaveLength(1);
    expect(await leaseEvents(database.db, new Date(now.getTime() + 1000), 60_000, 10)).toHaveLength(0);
    const later = await leaseEvents(database.db, new Date(now.getTime() + 61_000), 60_000, 10);
    expect(later.map((e) => [e.eventId, e.attempts])).toEqual([['crash-1', 2]]);
  });

  it('retention: stale counters, old quota months and stuck inbox events are purged', async () => {
    const { purgeExpired } = await import('../../src/service.ts');
    const q = await import('../../src/db/queries/zalo-oa.ts');
    const now = new Date('2026-05-20T03:00:00Z');
    const days = (d: number) => new Date(now.getTime() - d * 24 * 3600 * 1000);
    await q.recordInteraction(database.db, 'old-chat', 'm1', days(36));
    await q.recordInteraction(database.db, 'recent-chat', 'm2', days(34));
    for (const month of ['2026-03', '2026-04', '2026-05'])
      await q.countSend(database.db, 'x', 'proactive', 1, { day: `${month}-01`, month, now });
    const inbound = { channel: 'zalo-oa' as const, chatId: '1', kind: 'text' as const, text: 'x' };
    await q.acceptEvent(database.db, 'stuck', { inbound }, days(2));
    await q.acceptEvent(database.db, 'fresh', { inbound }, now);
    await purgeExpired(database, now);
    expect(await q.getChat(database.db, 'old-chat')).toBeUndefined();
    expect(await q.getChat(database.db, 'recent-chat')).toBeDefined();
    expect(await q.proactiveUsed(database.db, '2026-03')).toBe(0);
    expect(await q.proactiveUsed(database.db, '2026-04')).toBe(1);
    expect(await q.proactiveUsed(database.db, '2026-05')).toBe(1);
    const left = await q.leaseEvents(database.db, new Date(now.getTime() + 1000), 1000, 10);
    expect(left.map((e) => e.eventId)).toEqual(['fresh']);
  });
});
