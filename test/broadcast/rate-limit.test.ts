import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_GATE_WAIT_MS,
  pauseChannel,
  pausedFor,
  reserveSlot,
  sharedGate,
  slotInterval,
} from '../../src/bot/broadcast/rate-limit.ts';
import { ChannelThrottledError } from '../../src/bot/channels/errors.ts';
import type { Database } from '../../src/db/client.ts';
import { testDatabases } from '../support/db.ts';

describe.each(testDatabases)('shared rate limit on $name', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(() => database.close());

  it('hands out slots (1000 + 50) / rate ms apart, one after the other', async () => {
    expect(slotInterval(10)).toBe(105);
    expect(slotInterval(2)).toBe(525);
    const nextAt: number[] = [];
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      waits.push((await reserveSlot(database.db, 'a', 'a', 2)).waitMs ?? -1);
      const res = await database.db.execute(
        sql`select (extract(epoch from next_at) * 1000)::float8 as ms from channel_limits where key = 'a'`,
      );
      nextAt.push(Number((res as unknown as { rows: Array<{ ms: number }> }).rows[0]?.ms));
    }
    expect(waits[0]).toBeLessThan(50);
    // Reserved faster than the rate: each slot is exactly one interval after the previous one.
    for (let i = 1; i < 5; i++) expect((nextAt[i] as number) - (nextAt[i - 1] as number)).toBeCloseTo(525, 1);
    expect(waits[4]).toBeGreaterThan(waits[0] as number);
  });

  it('the gate spaces calls at the rate', async () => {
    const gate = sharedGate(database.db, { channel: 'b', rate: 20 });
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) await gate.acquire();
    // Five intervals of 52.5 ms after the first, free, permit (less a few ms: slots are timed from
    // before each query). Without the limiter six permits take a few ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(5 * 48);
  });

  it('a pause is stored, honoured by a new gate (as after a restart), and a longer one wins', async () => {
    await pauseChannel(database.db, 'c', 1);
    await pauseChannel(database.db, 'c', 0.2);
    expect(await pausedFor(database.db, 'c')).toBeGreaterThan(800);
    const fresh = sharedGate(database.db, { channel: 'c', rate: 1000 });
    const t0 = performance.now();
    await fresh.acquire();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(850);
    expect(await pausedFor(database.db, 'c')).toBe(0);
  });

  it('a pause longer than a worker may wait gives the row back as throttled', async () => {
    await pauseChannel(database.db, 'd', (MAX_GATE_WAIT_MS + 5000) / 1000);
    const gate = sharedGate(database.db, { channel: 'd', rate: 30 });
    const err = await gate.acquire().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelThrottledError);
    expect((err as ChannelThrottledError).retryAfter).toBeGreaterThanOrEqual(14);
  });

  it('a paid key keeps its own pace but shares the channel pause', async () => {
    await pauseChannel(database.db, 'e', 0.5);
    const paid = sharedGate(database.db, { channel: 'e', key: 'e:paid', rate: 1000 });
    const t0 = performance.now();
    await paid.acquire();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
  });
});
