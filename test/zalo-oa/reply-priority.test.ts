/**
 * A rate-limit answer met by a reply to a follower pauses the OA's broadcasts too, in the rate limit
 * every replica shares, as Telegram and Zalo Bot replies do: residents' answers go first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pausedFor } from '../../src/bot/broadcast/rate-limit.ts';
import type { Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { oaEnv, say, startFake, textEvent } from './support.ts';

describe.each(testDatabases)('a Zalo OA reply rate-limited on $name', (kind) => {
  let fake: FakeZaloOaApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFake();
    service = await testService(kind, oaEnv(fake));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('pauses the OA broadcasts for the rate-limit pause; a reply that goes through pauses nothing', async () => {
    const db = service.database.db;
    await say(service, fake, textEvent('771001', 'menu'));
    expect(fake.sentTo('771001').length).toBeGreaterThan(0);
    expect(await pausedFor(db, 'zalo-oa')).toBe(0);

    fake.inject(1, { status: 429, retryAfter: 1 });
    await say(service, fake, textEvent('771002', 'menu'));
    expect(await pausedFor(db, 'zalo-oa')).toBeGreaterThan(0);
    expect(await pausedFor(db, 'telegram')).toBe(0);
  });
});
