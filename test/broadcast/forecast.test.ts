import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceCondition } from '../../src/bot/broadcast/audience.ts';
import {
  FORECAST_BATCH,
  forecastZaloOa,
  tally,
  type ZaloOaForecast,
} from '../../src/bot/broadcast/forecast.ts';
import { DEFAULT_LIMITS } from '../../src/bot/channels/zalo-oa/window.ts';
import type { Database } from '../../src/db/client.ts';
import { subscribe, unsubscribe } from '../../src/db/queries/subscribers.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';
import { zaloOaChats, zaloOaQuota } from '../../src/db/schema/zalo-oa.ts';
import { testDatabases } from '../support/db.ts';

/** 23:30 in Viet Nam on 30 November 2026: the day and month end there half an hour later. */
const NOW = new Date('2026-11-30T16:30:00Z');
const HOUR = 3600 * 1000;
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);
const empty = (): ZaloOaForecast => ({ free: 0, promotion: 0, notReached: {} });

describe('tally', () => {
  it('counts free replies, promotions (and proactive as paid) and reasons', () => {
    const f = empty();
    tally(f, { ok: true, as: 'free_reply' });
    tally(f, { ok: true, as: 'promotion' });
    tally(f, { ok: true, as: 'proactive' });
    tally(f, { ok: false, reason: 'gone' });
    tally(f, { ok: false, reason: 'gone' });
    tally(f, { ok: false, reason: 'promotion_daily_cap' });
    expect(f).toEqual({ free: 1, promotion: 2, notReached: { gone: 2, promotion_daily_cap: 1 } });
  });
});

describe.each(testDatabases)('Zalo OA forecast on $name', (kind) => {
  let database: Database;
  const all = audienceCondition({}, undefined);
  beforeAll(async () => {
    database = await kind.open();
    const db = database.db;
    const people: Array<[string, string]> = [
      ['zalo-oa', 'free'],
      ['zalo-oa', 'free-used-up'],
      ['zalo-oa', 'window-over'],
      ['zalo-oa', 'daily'],
      ['zalo-oa', 'daily-yesterday'],
      ['zalo-oa', 'monthly'],
      ['zalo-oa', 'monthly-last-month'],
      ['zalo-oa', 'gone'],
      ['zalo-oa', 'no-row'],
      ['telegram', 'free'],
      ['zalo-oa', 'left'],
    ];
    for (const [channel, chatId] of people)
      await subscribe(db, { channel, chatId }, { locale: 'vi', unit: 'Chiềng Lao', now: NOW });
    await unsubscribe(db, { channel: 'zalo-oa', chatId: 'left' }, NOW);
    await db.insert(zaloOaChats).values([
      { chatId: 'free', lastUserAt: ago(47.5), repliesSince: 7 },
      { chatId: 'free-used-up', lastUserAt: ago(1), repliesSince: 8 },
      { chatId: 'window-over', lastUserAt: ago(49), repliesSince: 0 },
      {
        chatId: 'daily',
        promoDay: '2026-11-30',
        promoDayCount: 1,
        promoMonth: '2026-11',
        promoMonthCount: 1,
      },
      {
        chatId: 'daily-yesterday',
        promoDay: '2026-11-29',
        promoDayCount: 1,
        promoMonth: '2026-11',
        promoMonthCount: 3,
      },
      {
        chatId: 'monthly',
        promoDay: '2026-11-28',
        promoDayCount: 1,
        promoMonth: '2026-11',
        promoMonthCount: 4,
      },
      {
        chatId: 'monthly-last-month',
        promoDay: '2026-10-31',
        promoDayCount: 1,
        promoMonth: '2026-10',
        promoMonthCount: 4,
      },
      { chatId: 'gone', lastUserAt: ago(1), goneAt: ago(0.5) },
      { chatId: 'left', lastUserAt: ago(1) },
    ]);
    // A month's proactive quota used up changes nothing for broadcasts (they go as promotions).
    await db.insert(zaloOaQuota).values({ month: '2026-11', proactive: 5000 });
  });
  afterAll(async () => {
    await database?.close();
  });

  const expected = {
    free: 1,
    promotion: 5,
    notReached: { gone: 1, promotion_daily_cap: 1, promotion_monthly_cap: 1 },
  };

  it('forecasts each follower by the window, the caps and gone, OA subscribers only', async () => {
    const f = await forecastZaloOa(database.db, { condition: all, now: NOW, limits: DEFAULT_LIMITS });
    expect(f).toEqual(expected);
  });

  it('gives the same answer whatever the batch size (paging loses and repeats nobody)', async () => {
    for (const batchSize of [1, 2, 3, 8, 9, 10])
      expect(
        await forecastZaloOa(database.db, { condition: all, now: NOW, limits: DEFAULT_LIMITS, batchSize }),
      ).toEqual(expected);
  });

  it('uses the configured caps', async () => {
    const limits = { ...DEFAULT_LIMITS, promotionPerDay: 2, promotionPerMonth: 6 };
    expect(await forecastZaloOa(database.db, { condition: all, now: NOW, limits })).toEqual({
      free: 1,
      promotion: 7,
      notReached: { gone: 1 },
    });
  });

  it('counts days and months in Viet Nam time: at 00:30 on 1 December the caps have reset', async () => {
    const f = await forecastZaloOa(database.db, {
      condition: all,
      now: new Date('2026-11-30T17:30:00Z'),
      limits: DEFAULT_LIMITS,
    });
    // "free" wrote 47.5 h before 23:30, so her window has closed an hour later.
    expect(f).toEqual({ free: 0, promotion: 8, notReached: { gone: 1 } });
  });

  it('follows the audience condition', async () => {
    const none = audienceCondition({ units: ['Tô Hiệu'] }, ['Tô Hiệu']);
    expect(await forecastZaloOa(database.db, { condition: none, now: NOW, limits: DEFAULT_LIMITS })).toEqual(
      empty(),
    );
  });

  it('forecasts 12,000 followers in batches', async () => {
    const db = database.db;
    await db.execute(sql`
      insert into ${subscribers} (channel, chat_id, locale, unit, subscribed, consent_at)
      select 'zalo-oa', 'bulk-' || g, 'vi', 'Tô Hiệu', true, now() from generate_series(1, 12000) g`);
    await db.execute(sql`
      insert into ${zaloOaChats} (chat_id, last_user_at, replies_since, gone_at)
      select 'bulk-' || g,
        case when g % 4 = 0 then ${ago(1).toISOString()}::timestamptz end, 0,
        case when g % 4 = 1 then ${ago(1).toISOString()}::timestamptz end
      from generate_series(1, 12000) g where g % 4 in (0, 1)`);
    const started = performance.now();
    const f = await forecastZaloOa(db, {
      condition: audienceCondition({ units: ['Tô Hiệu'] }, ['Tô Hiệu']),
      now: NOW,
      limits: DEFAULT_LIMITS,
    });
    const ms = performance.now() - started;
    expect(f).toEqual({ free: 3000, promotion: 6000, notReached: { gone: 3000 } });
    expect(12000 / FORECAST_BATCH).toBeGreaterThan(10);
    // Generous bound for a slow CI machine; it measured well under a second here.
    expect(ms).toBeLessThan(15_000);
    console.info(`forecast of 12,000 followers on ${kind.name}: ${Math.round(ms)} ms`);
    await db.delete(subscribers).where(eq(subscribers.unit, 'Tô Hiệu'));
  });
});
