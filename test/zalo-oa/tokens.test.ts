import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { getTokens, recordInteraction } from '../../src/db/queries/zalo-oa.ts';
import { createService, type Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { ACCESS, oaAdapter, oaEnv, REFRESH, say, startFake, textEvent } from './support.ts';

/** The same database for two services; only the test closes it. */
function shared(database: Database): Database {
  return { ...database, close: async () => {} };
}

describe.each(testDatabases)('Zalo OA tokens with two replicas on one $name database', (kind) => {
  let fake: FakeZaloOaApi;
  let database: Database;
  let a: Service;
  let b: Service;
  beforeAll(async () => {
    fake = await startFake({ oauthDelayMs: 150 });
    database = await kind.open();
    const config = loadConfig({ PORT: '0', ...oaEnv(fake) });
    a = await createService(config, { database: shared(database) });
    b = await createService(config, { database: shared(database) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
    await fake?.close();
  });

  it('both start at the same moment: one refresh call, the seeded refresh token used once', async () => {
    await Promise.all([a.start(), b.start()]);
    expect(fake.refreshCalls).toBe(1);
    const row = await getTokens(database.db);
    expect(row?.accessToken).toMatch(/^fake-access-/);
    expect(row?.refreshToken).toMatch(/^fake-refresh-/);
    expect(row?.refreshToken).not.toBe(REFRESH);
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(24 * 3600 * 1000);
  });

  it('both keep sending with the new pair', async () => {
    await say(a, fake, textEvent('770001', 'menu'));
    await say(b, fake, textEvent('770002', 'menu'));
    expect(fake.sentTo('770001')).toHaveLength(1);
    expect(fake.sentTo('770002')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.token === ACCESS)).toEqual([]);
  });

  it('an expired token during sends on both replicas: one refresh, each send retried once and delivered', async () => {
    const before = fake.refreshCalls;
    const old = (await getTokens(database.db))?.accessToken as string;
    fake.expire(old);
    for (const id of ['770003', '770004']) {
      fake.userWrote(id);
      await recordInteraction(database.db, id, `m-${id}`, new Date());
    }
    await Promise.all([
      oaAdapter(a)
        .sendReply('770003', [{ text: 'Trả lời một' }])
        .catch(() => {}),
      oaAdapter(b)
        .sendReply('770004', [{ text: 'Trả lời hai' }])
        .catch(() => {}),
    ]);
    expect(fake.refreshCalls).toBe(before + 1);
    expect(fake.textsTo('770003')).toEqual(['Trả lời một']);
    expect(fake.textsTo('770004')).toEqual(['Trả lời hai']);
    const refused = fake.calls.filter((c) => c.error === -220);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    expect((await getTokens(database.db))?.accessToken).not.toBe(old);
  });

  it('a refused refresh keeps the stored pair and reports a configuration error', async () => {
    const row = await getTokens(database.db);
    fake.expire(row?.accessToken as string);
    // The fake forgets every refresh token: the next refresh is refused.
    (fake as unknown as { validRefresh: Set<string> }).validRefresh.clear();
    fake.userWrote('770005');
    await recordInteraction(database.db, '770005', 'm-770005', new Date());
    await expect(oaAdapter(a).sendReply('770005', [{ text: 'x' }])).rejects.toMatchObject({
      name: 'ChannelConfigError',
    });
    expect(await getTokens(database.db)).toMatchObject({
      accessToken: row?.accessToken,
      refreshToken: row?.refreshToken,
    });
  });
});
