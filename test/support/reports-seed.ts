/**
 * A small, hand-countable history for the report tests: broadcasts (an officer's, a calendar
 * campaign's, an officer-added occurrence's, two just outside the period) with their deliveries,
 * subscribers and anonymous statistics events. Period 2026-06-01..2026-11-30, Asia/Ho_Chi_Minh.
 */
import type { Db } from '../../src/db/client.ts';
import { broadcasts, deliveries } from '../../src/db/schema/broadcasts.ts';
import { campaignOccurrences } from '../../src/db/schema/campaigns.ts';
import { statEvents } from '../../src/db/schema/stats.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';

export const SEED_PERIOD = { from: '2026-06-01', to: '2026-11-30' };

/** Inserts the history; returns nothing the tests need but the counts written in the test files. */
export async function seedReportHistory(db: Db) {
  const subs = await db
    .insert(subscribers)
    .values([
      { channel: 'telegram', chatId: 'r1', unit: 'Chiềng Lao', subscribed: true },
      { channel: 'telegram', chatId: 'r2', unit: 'Chiềng Lao', subscribed: true },
      { channel: 'zalo-bot', chatId: 'r3', unit: 'Tô Hiệu', subscribed: true },
      { channel: 'webchat', chatId: 'r4', unit: null, subscribed: false },
      { channel: 'telegram', chatId: 'r5', unit: 'Mường Bú', subscribed: true },
    ])
    .returning({ id: subscribers.id });
  const [s1, s2, s3, s4, s5] = subs.map((s) => s.id) as [number, number, number, number, number];
  const occ = await db
    .insert(campaignOccurrences)
    .values([
      {
        key: 'womens-day:r',
        campaign: 'womens-day',
        date: '2026-11-30',
        time: '08:00',
        dueAt: new Date('2026-11-30T01:00:00Z'),
        message: { vi: 'x' },
      },
      {
        key: 'custom:r',
        campaign: null,
        date: '2026-07-01',
        time: '08:00',
        dueAt: new Date('2026-07-01T01:00:00Z'),
        message: { vi: 'x' },
      },
    ])
    .returning({ id: campaignOccurrences.id });
  const broadcast = async (startedAt: string, occurrenceId: number | null) => {
    const [b] = await db
      .insert(broadcasts)
      .values({
        status: 'done',
        message: { vi: 'x' },
        audience: {},
        createdBy: 'test',
        occurrenceId,
        startedAt: new Date(startedAt),
      })
      .returning({ id: broadcasts.id });
    return (b as { id: number }).id;
  };
  const officers = await broadcast('2026-06-10T01:00:00Z', null);
  // 23:59 local on the last day: in; 00:00 local on the day after: out.
  const womens = await broadcast('2026-11-30T16:59:00Z', occ[0]?.id ?? null);
  const after = await broadcast('2026-11-30T17:00:00Z', null);
  const before = await broadcast('2026-05-31T16:59:00Z', null);
  const custom = await broadcast('2026-07-01T01:00:00Z', occ[1]?.id ?? null);
  type Status = 'sent' | 'failed' | 'skipped' | 'unknown' | 'pending';
  const d = (
    broadcastId: number,
    subscriberId: number | null,
    channel: string,
    unit: string | null,
    status: Status,
  ) => ({
    broadcastId,
    subscriberId,
    channel,
    unit,
    locale: 'vi',
    status,
  });
  await db
    .insert(deliveries)
    .values([
      d(officers, s1, 'telegram', 'Chiềng Lao', 'sent'),
      d(officers, s2, 'telegram', 'Chiềng Lao', 'failed'),
      d(officers, s3, 'zalo-bot', 'Tô Hiệu', 'sent'),
      d(officers, null, 'telegram', 'Mường Bú', 'sent'),
      d(officers, s4, 'webchat', null, 'skipped'),
      d(womens, s1, 'telegram', 'Chiềng Lao', 'sent'),
      d(womens, s3, 'zalo-bot', 'Tô Hiệu', 'unknown'),
      d(womens, s5, 'telegram', 'Mường Bú', 'pending'),
      d(after, s1, 'telegram', 'Chiềng Lao', 'sent'),
      d(before, s1, 'telegram', 'Chiềng Lao', 'sent'),
      d(custom, s2, 'telegram', 'Chiềng Lao', 'sent'),
    ]);
  const e = (
    day: string,
    channel: string,
    unit: string | null,
    kind: string,
    faqNode: string | null = null,
    detail: string | null = null,
  ) => ({
    day,
    channel,
    unit,
    kind,
    faqNode,
    detail,
  });
  const ref = (day: string, channel: string, unit: string | null, detail: string | null) =>
    e(day, channel, unit, 'referral', null, detail);
  const routes = 'commune_authority,hotline,police,womens_union';
  const labour = 'lao-dong.thai-san.thoi-gian';
  const violence = 'bao-luc.nhan-biet.la-gi';
  await db.insert(statEvents).values([
    e('2026-06-01', 'telegram', null, 'faq_answer', labour),
    e('2026-08-15', 'zalo-bot', 'Tô Hiệu', 'faq_answer', labour),
    e('2026-11-30', 'webchat', null, 'faq_answer', labour),
    e('2026-09-02', 'telegram', 'Chiềng Lao', 'faq_search', labour),
    e('2026-09-02', 'telegram', null, 'faq_search', 'binh-dang-gioi'),
    e('2026-10-10', 'telegram', null, 'faq_answer', violence),
    e('2026-10-11', 'telegram', 'Chiềng Lao', 'faq_answer', violence),
    e('2026-05-31', 'telegram', null, 'faq_answer', labour),
    e('2026-12-01', 'telegram', null, 'faq_answer', labour),
    ref(
      '2026-07-01',
      'telegram',
      'Chiềng Lao',
      'commune_authority,hotline,police,trusted_address,womens_union',
    ),
    ref('2026-07-02', 'telegram', 'Chiềng Lao', 'shelter'),
    ref('2026-07-03', 'zalo-bot', 'Tô Hiệu', routes),
    ref('2026-07-04', 'webchat', null, 'none'),
    // Recorded before kinds were kept.
    ref('2026-07-05', 'telegram', 'Mường Bú', null),
    ref('2026-05-30', 'telegram', 'Chiềng Lao', 'shelter'),
    e('2026-08-01', 'telegram', 'Chiềng Lao', 'emergency'),
    e('2026-08-02', 'webchat', null, 'emergency'),
    e('2026-06-05', 'telegram', 'Chiềng Lao', 'subscribe'),
    e('2026-06-06', 'telegram', 'Chiềng Lao', 'subscribe'),
    e('2026-06-07', 'zalo-bot', 'Tô Hiệu', 'subscribe'),
    e('2026-09-09', 'telegram', null, 'unsubscribe'),
    e('2026-09-10', 'webchat', 'Chiềng Lao', 'delete_data'),
    e('2026-11-20', 'webchat', 'Chiềng Lao', 'faq_unanswered'),
    e('2026-11-21', 'webchat', null, 'faq_unanswered'),
    e('2026-12-01', 'webchat', null, 'faq_unanswered'),
    e('2026-11-03', 'telegram', null, 'menu'),
  ]);
}
