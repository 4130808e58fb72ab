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
});
