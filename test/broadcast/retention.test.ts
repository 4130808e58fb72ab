/** The hourly retention job: old texts and ids go, the anonymous counts stay. */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { recordStats, recordUnanswered } from '../../src/db/queries/stats.ts';
import { recordMessages } from '../../src/db/queries/telegram.ts';
import { purgeExpired, type Service } from '../../src/service.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { addSubscribers, scheduleBroadcast } from './support.ts';

const DAY = 24 * 3600 * 1000;
const count = async (s: Service, query: ReturnType<typeof sql>) =>
  Number(((await s.database.db.execute(query)) as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);

describe.each(testDatabases)('retention on $name', (kind) => {
  let service: Service | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('deletes unanswered questions after 30 days and erase-chat ids after 48 h; counts stay', async () => {
    service = await testService(kind);
    const db = service.database.db;
    const now = new Date('2026-11-29T03:00:00Z');
    await recordUnanswered(db, { text: 'câu hỏi cũ', locale: 'vi', now: new Date(now.getTime() - 31 * DAY) });
    await recordUnanswered(db, { text: 'câu hỏi mới', locale: 'vi', now: new Date(now.getTime() - DAY) });
    await recordStats(db, [
      { day: '2026-10-28', channel: 'telegram', unit: null, kind: 'faq_unanswered', faqNode: null },
      { day: '2026-11-28', channel: 'telegram', unit: null, kind: 'faq_unanswered', faqNode: null },
    ]);
    await recordMessages(db, '555', [1, 2], new Date(now.getTime() - 49 * 3600 * 1000));
    await recordMessages(db, '555', [3], new Date(now.getTime() - 3600 * 1000));
    await purgeExpired(service.database, now);
    const texts = await db.execute(sql`select text from unanswered_questions`);
    expect((texts as unknown as { rows: Array<{ text: string }> }).rows.map((r) => r.text)).toEqual([
      'câu hỏi mới',
    ]);
    expect(await count(service, sql`select count(*)::int as n from telegram_messages`)).toBe(1);
    expect(
      await count(service, sql`select count(*)::int as n from stat_events where kind = 'faq_unanswered'`),
    ).toBe(2);
  });

  it('30 days after a broadcast ended its deliveries keep area and status but not the subscriber', async () => {
    service = await testService(kind);
    const db = service.database.db;
    await addSubscribers(db, { channel: 'telegram', count: 3, unit: null });
    const old = await scheduleBroadcast(db);
    const recent = await scheduleBroadcast(db);
    for (const [id, ended] of [
      [old, '2026-10-01T00:00:00Z'],
      [recent, '2026-11-20T00:00:00Z'],
    ] as const) {
      await db.execute(sql`update broadcasts set status = 'done', finished_at = ${ended} where id = ${id}`);
      await db.execute(sql`insert into deliveries (broadcast_id, subscriber_id, channel, locale, status)
        select ${id}, id, channel, locale, 'sent' from subscribers`);
    }
    await purgeExpired(service.database, new Date('2026-11-29T03:00:00Z'));
    const linked = (id: number) =>
      count(
        service as Service,
        sql`select count(*)::int as n from deliveries where broadcast_id = ${id} and subscriber_id is not null`,
      );
    expect(await linked(old)).toBe(0);
    expect(await linked(recent)).toBe(3);
    expect(
      await count(
        service,
        sql`select count(*)::int as n from deliveries where broadcast_id = ${old} and status = 'sent'`,
      ),
    ).toBe(3);
  });
});
