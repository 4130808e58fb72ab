import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { getSubscriber } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import type { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { telegramEnv, telegramHarness } from '../telegram/support.ts';
import { addSubscribers, scheduleBroadcast, statusCounts } from './support.ts';

/** 10:00 in Sơn La (UTC+7), outside quiet hours. */
const DAYTIME = new Date('2026-11-25T03:00:00Z');
/** 22:30 in Sơn La: quiet hours. */
const NIGHT = new Date('2026-11-25T15:30:00Z');

describe.each(testDatabases)('delivery worker on $name', (kind) => {
  const t = telegramHarness();
  let service: Service | undefined;
  let fake: FakeTelegramApi | undefined;

  async function setup(opts: { now?: Date; env?: Record<string, string>; fake?: object } = {}) {
    const started = await t.fake(opts.fake);
    let now = opts.now ?? DAYTIME;
    const made = await testService(kind, telegramEnv(started, { TELEGRAM_RATE: '1000', ...opts.env }), {
      now: () => now,
    });
    fake = started;
    service = t.keep(made);
    return { db: made.database.db, setNow: (d: Date) => (now = d) };
  }

  it('sends each subscriber one message in their language, then marks the broadcast done', async () => {
    const { db } = await setup();
    const vi = await addSubscribers(db, { channel: 'telegram', count: 12, from: 100 });
    const en = await addSubscribers(db, { channel: 'telegram', count: 5, from: 200, locale: 'en' });
    await addSubscribers(db, { channel: 'zalo-bot', count: 3, from: 300 });
    const id = await scheduleBroadcast(db, {
      message: { vi: 'Chào mừng ngày 25/11', en: 'Welcome, 25/11' },
      audience: { channels: ['telegram'] },
    });
    await service?.worker.drain();
    const byChat = fake?.acceptedByChat();
    expect(byChat?.size).toBe(17);
    expect([...(byChat?.values() ?? [])].every((n) => n === 1)).toBe(true);
    const texts = new Map(
      fake?.calls.filter((c) => c.method === 'sendMessage').map((c) => [String(c.body.chat_id), c.body.text]),
    );
    expect(vi.every((c) => texts.get(c) === 'Chào mừng ngày 25/11')).toBe(true);
    expect(en.every((c) => texts.get(c) === 'Welcome, 25/11')).toBe(true);
    expect(await statusCounts(db, id)).toEqual({ sent: 17 });
    const b = await getBroadcast(db, id);
    expect(b?.status).toBe('done');
    expect(b?.total).toBe(17);
  });

  it('reaches only the audience: units and former districts', async () => {
    const { db } = await setup();
    const units = service?.bot.content().units.all() ?? [];
    const [a, b] = units;
    if (!a || !b) throw new Error('no units');
    await addSubscribers(db, { channel: 'telegram', count: 4, from: 1, unit: a.name });
    await addSubscribers(db, { channel: 'telegram', count: 3, from: 10, unit: b.name });
    await addSubscribers(db, { channel: 'telegram', count: 2, from: 20, unit: null });
    const id = await scheduleBroadcast(db, { audience: { units: [a.name] } });
    await service?.worker.drain();
    expect([...(fake?.acceptedByChat().keys() ?? [])].sort()).toEqual(['1', '2', '3', '4']);
    expect(await statusCounts(db, id)).toEqual({ sent: 4 });
    const district = units.filter((u) => u.formerDistrict === b.formerDistrict).map((u) => u.name);
    const id2 = await scheduleBroadcast(db, { audience: { formerDistricts: [b.formerDistrict] } });
    await service?.worker.drain();
    const expected = 3 + (district.includes(a.name) ? 4 : 0);
    expect((await statusCounts(db, id2)).sent).toBe(expected);
  });

  it('holds messages during quiet hours and sends them in the morning', async () => {
    const { db, setNow } = await setup({ now: NIGHT });
    await addSubscribers(db, { channel: 'telegram', count: 3 });
    const id = await scheduleBroadcast(db);
    await service?.worker.drain();
    expect(fake?.sends.length).toBe(0);
    expect((await getBroadcast(db, id))?.status).toBe('scheduled');
    setNow(new Date('2026-11-26T00:30:00Z')); // 07:30 local
    await service?.worker.drain();
    expect(fake?.acceptedByChat().size).toBe(3);
  });

  it('a broadcast scheduled for later waits for its time', async () => {
    const { db, setNow } = await setup();
    await addSubscribers(db, { channel: 'telegram', count: 2 });
    const id = await scheduleBroadcast(db, { sendAt: new Date(DAYTIME.getTime() + 3600_000) });
    await service?.worker.drain();
    expect(fake?.sends.length).toBe(0);
    setNow(new Date(DAYTIME.getTime() + 3600_000));
    await service?.worker.drain();
    expect(await statusCounts(db, id)).toEqual({ sent: 2 });
  });

  it('skips chats that left or deleted their data after the audience was taken', async () => {
    const { db } = await setup({ env: { QUIET_HOURS: 'off' } });
    await addSubscribers(db, { channel: 'telegram', count: 3 });
    const id = await scheduleBroadcast(db);
    // The audience is taken (rows created), then one chat unsubscribes and one deletes its data.
    await db.execute(sql`update broadcasts set status = 'sending' where id = ${id}`);
    await db.execute(sql`insert into deliveries (broadcast_id, subscriber_id, channel, locale)
      select ${id}, id, channel, locale from subscribers`);
    await db.execute(sql`update subscribers set subscribed = false where chat_id = '1'`);
    await db.execute(sql`delete from subscribers where chat_id = '2'`);
    await service?.worker.drain();
    expect([...(fake?.acceptedByChat().keys() ?? [])]).toEqual(['3']);
    const res = await db.execute(sql`select reason from deliveries where status = 'skipped' order by reason`);
    expect((res as unknown as { rows: Array<{ reason: string }> }).rows.map((r) => r.reason)).toEqual([
      'deleted',
      'unsubscribed',
    ]);
  });

  it('a blocked chat fails as gone and is unsubscribed; the others still get it', async () => {
    const { db } = await setup();
    await addSubscribers(db, { channel: 'telegram', count: 3 });
    fake?.blocked.add('2');
    const id = await scheduleBroadcast(db);
    await service?.worker.drain();
    expect(await statusCounts(db, id)).toEqual({ sent: 2, failed: 1 });
    expect((await getSubscriber(db, { channel: 'telegram', chatId: '2' }))?.subscribed).toBe(false);
    expect((await getBroadcast(db, id))?.status).toBe('done');
  });

  it('nothing is sent once a broadcast is cancelled', async () => {
    const { db } = await setup();
    await addSubscribers(db, { channel: 'telegram', count: 5 });
    const id = await scheduleBroadcast(db);
    await db.execute(sql`update broadcasts set status = 'cancelled' where id = ${id}`);
    await service?.worker.drain();
    expect(fake?.sends.length).toBe(0);
  });

  it('a 429 pauses the channel for retry_after in the database; the rows go back and are sent after', async () => {
    // 10/s: slots 105 ms apart, longer than a 429's round trip even on a loaded machine.
    const { db } = await setup({ env: { TELEGRAM_RATE: '10' } });
    await addSubscribers(db, { channel: 'telegram', count: 6 });
    fake?.inject(1, { status: 429, retryAfter: 2 });
    const id = await scheduleBroadcast(db);
    const started = Date.now();
    await service?.worker.drain();
    const paused = await db.execute(sql`select paused_until from channel_limits where key = 'telegram'`);
    expect((paused as unknown as { rows: unknown[] }).rows.length).toBe(1);
    // The throttled row waits for its not_before; run passes until everything is out.
    while ((await statusCounts(db, id)).sent !== 6) {
      if (Date.now() - started > 15_000) throw new Error('not delivered after the pause');
      await new Promise((r) => setTimeout(r, 200));
      await service?.worker.drain();
    }
    expect(fake?.sentDuringPause).toBe(0);
    expect([...(fake?.acceptedByChat().values() ?? [])]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rows a lost worker left "sending" become unknown at start, and are not resent', async () => {
    const { db } = await setup();
    await addSubscribers(db, { channel: 'telegram', count: 3 });
    const id = await scheduleBroadcast(db);
    await db.execute(sql`update broadcasts set status = 'sending' where id = ${id}`);
    await db.execute(sql`insert into deliveries (broadcast_id, subscriber_id, channel, locale, status, lease_owner)
      select ${id}, id, channel, locale, case when chat_id = '1' then 'sending' else 'pending' end,
        'lost-worker' from subscribers`);
    await service?.start();
    await service?.worker.drain();
    expect(await statusCounts(db, id)).toEqual({ sent: 2, unknown: 1 });
    expect(fake?.acceptedByChat().has('1')).toBe(false);
  });
});
