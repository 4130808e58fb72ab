/**
 * Officers' notices on both databases: made once each in their window (approval three days ahead,
 * report deadlines a week ahead, the quarterly target ten days before the quarter ends, counted from
 * the broadcasts that reached each commune), and sent once to officers' own chats in their language
 * through the real Telegram adapter, counted at the fake Bot API.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant } from '../../src/bot/broadcast/calendar.ts';
import { makeNotices, sendNotices } from '../../src/bot/broadcast/notices.ts';
import { createScheduler } from '../../src/bot/broadcast/scheduler.ts';
import { createBroadcast } from '../../src/db/queries/broadcasts.ts';
import { openNotices } from '../../src/db/queries/campaigns.ts';
import { broadcasts } from '../../src/db/schema/broadcasts.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN, telegramEnv } from '../telegram/support.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const day = (d: string) => localToInstant(d, '09:00', TZ);

describe.each(testDatabases)('officer notices on $name', (kind) => {
  let service: Service;
  let fake: FakeTelegramApi;
  const logs: string[] = [];
  const log = { info: () => {}, warn: (o: object, m?: string) => logs.push(JSON.stringify({ o, m })) };

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    service = await testService(kind, telegramEnv(fake));
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  const make = (today: string) =>
    makeNotices(service.database.db, {
      today,
      now: day(today),
      timeZone: TZ,
      content: service.bot.content(),
    });
  const keys = async () => (await openNotices(service.database.db)).map((n) => n.key).sort();

  it('makes each notice once, in its window', async () => {
    const scheduler = createScheduler({
      database: service.database,
      config: { timezone: TZ, quietHours: { start: 21 * 60, end: 7 * 60 } },
      i18n: service.bot.i18n,
      channels: [],
      content: service.bot.content,
      log,
      wake: () => {},
    });
    // 29/11: the occurrence due today is unapproved; the one on 6/12 is a week away.
    await scheduler.tick(day('2026-11-29'));
    expect(await keys()).toEqual(['approval_due:ge-month-weekly:2026-11-29']);
    expect(await make('2026-12-02')).toHaveLength(0);
    expect((await make('2026-12-03')).map((n) => n.key)).toEqual([
      'approval_due:ge-month-weekly:2026-12-06',
      'report_due:2026-12-10',
    ]);
    expect(await make('2026-12-03')).toHaveLength(0);
    expect((await make('2026-12-10')).map((n) => n.kind)).toEqual(['approval_due']); // 13/12
    expect(await make('2026-12-11')).toHaveLength(0); // 15/12 is four days away; the deadline passed
    expect((await make('2027-06-03')).map((n) => n.key)).toContain('report_due:2027-06-10');
    expect((await make('2027-06-02')).map((n) => n.key)).not.toContain('report_due:2027-06-10');
  });

  it('counts communes below the quarterly target from the broadcasts that reached them', async () => {
    const db = service.database.db;
    const sent = async (audience: object, at: Date, status: 'done' | 'cancelled' = 'done') => {
      const b = await createBroadcast(db, {
        message: { vi: 'x' },
        audience,
        status: 'scheduled',
        createdBy: 't',
        now: at,
      });
      await db
        .update(broadcasts)
        .set({ status, startedAt: at })
        .where(eq(broadcasts.id, b?.id as number));
    };
    for (const d of ['2026-10-01', '2026-11-01', '2026-12-01']) await sent({}, day(d));
    await sent({ units: ['Chiềng Lao'] }, day('2026-12-05'));
    await sent({ formerDistricts: ['Mường La'] }, day('2026-12-06'), 'cancelled');
    await sent({ units: ['Tô Hiệu'] }, localToInstant('2026-09-30', '23:59', TZ)); // Q3
    expect(await make('2026-12-20')).toEqual([]);
    const [notice] = await make('2026-12-21');
    const units = service.bot.content().units.all().length;
    expect(notice).toMatchObject({ key: 'quarter_target:2026-Q4', dueDate: '2026-12-31' });
    expect(notice?.data).toMatchObject({ quarter: 4, target: 4, units, below: units - 1 });
    expect(notice?.data.communes).not.toContain('Chiềng Lao');
    expect(notice?.data.communes).toContain('Tô Hiệu');
    expect(await make('2026-12-22')).toEqual([]);
  });

  it("sends each notice once to officers' own chats in their language; failures logged by type only", async () => {
    const db = service.database.db;
    const officer = (chatId: string, locale: string, channel = 'telegram') =>
      db.insert(subscribers).values({ channel, chatId, locale, officer: true });
    await officer('501', 'vi');
    await officer('502', 'en');
    await officer('503', 'vi');
    await officer('z1', 'vi', 'zalo-bot'); // no Zalo Bot here: skipped
    await db.insert(subscribers).values({ channel: 'telegram', chatId: '600', subscribed: true });
    fake.blocked.add('503');
    const open = await openNotices(db);
    const deps = { i18n: service.bot.i18n, channels: service.channels, log };
    const sent = await sendNotices(db, deps, day('2026-12-21'));
    expect(open.length).toBeGreaterThan(3);
    expect(sent).toBe(2);
    const texts = (chat: string) =>
      fake.calls
        .filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chat)
        .map((c) => String(c.body.text));
    expect(texts('501')).toHaveLength(1);
    expect(texts('501')[0]?.split('\n\n')).toHaveLength(open.length);
    expect(texts('501')[0]).toContain(
      'Nhắc việc: hạn gửi báo cáo năm là ngày 10/12/2026. Số liệu có trên trang cán bộ.',
    );
    expect(texts('502')).toHaveLength(1);
    expect(texts('502')[0]).toContain('Reminder: quarter 4/2026 ends on 31/12/2026.');
    expect(texts('600')).toEqual([]);
    expect(await sendNotices(db, deps, day('2026-12-22'))).toBe(0);
    expect((await openNotices(db)).every((n) => n.sentAt !== null)).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).not.toContain('503');
      expect(line).not.toContain('Nhắc việc');
      expect(line).toContain('officer notice not sent');
    }
  });
});
