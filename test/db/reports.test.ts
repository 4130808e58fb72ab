import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/api/reports/figures.ts';
import { periodOf } from '../../src/api/reports/periods.ts';
import type { Database } from '../../src/db/client.ts';
import { currentSubscribers } from '../../src/db/queries/reports.ts';
import { testDatabases } from '../support/db.ts';
import { SEED_PERIOD, seedReportHistory } from '../support/reports-seed.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-29T03:00:00Z');
const key = (r: object) => JSON.stringify(r);
const sorted = <T extends object>(rows: T[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
const m = (
  campaign: string,
  formerDistrict: string | null,
  unit: string | null,
  channel: string,
  c: Partial<Record<'sent' | 'failed' | 'skipped' | 'unknown' | 'pending', number>>,
) => ({
  campaign,
  formerDistrict,
  unit,
  channel,
  sent: 0,
  failed: 0,
  skipped: 0,
  unknown: 0,
  pending: 0,
  ...c,
});

describe.each(testDatabases)('report figures on $name', (kind) => {
  let database: Database;
  const period = periodOf(SEED_PERIOD.from, SEED_PERIOD.to, TZ);
  beforeAll(async () => {
    database = await kind.open();
    await seedReportHistory(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('counts the province: messages by campaign, area and channel, reach, questions, referrals, subscribers', async () => {
    const r = await buildReport(database.db, period, undefined, NOW);
    expect(r.scope).toBe('province');
    expect(sorted(r.messages)).toEqual(
      sorted([
        m('custom', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1 }),
        m('officers', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1, failed: 1 }),
        m('officers', 'Mường La', 'Mường Bú', 'telegram', { sent: 1 }),
        m('officers', 'TP Sơn La', 'Tô Hiệu', 'zalo-bot', { sent: 1 }),
        m('officers', null, null, 'webchat', { skipped: 1 }),
        m('womens-day', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1 }),
        m('womens-day', 'Mường La', 'Mường Bú', 'telegram', { pending: 1 }),
        m('womens-day', 'TP Sơn La', 'Tô Hiệu', 'zalo-bot', { unknown: 1 }),
      ]),
    );
    expect(r.reach).toEqual([
      { channel: 'telegram', recipients: 2, unlinked: 1, sent: 4, failed: 1, skipped: 0, unknown: 0 },
      { channel: 'webchat', recipients: 0, unlinked: 0, sent: 0, failed: 0, skipped: 1, unknown: 0 },
      { channel: 'zalo-bot', recipients: 1, unlinked: 0, sent: 1, failed: 0, skipped: 0, unknown: 1 },
    ]);
    expect(r.faqByField).toEqual([
      { field: 'labour', menu: 3, typed: 1, total: 4 },
      { field: 'violence', menu: 2, typed: 0, total: 2 },
      { field: 'none', menu: 0, typed: 1, total: 1 },
    ]);
    expect(r.topTopics.map((x) => [x.node, x.field, x.total])).toEqual([
      ['lao-dong.thai-san.thoi-gian', 'labour', 4],
      ['bao-luc.nhan-biet.la-gi', 'violence', 2],
      ['binh-dang-gioi', 'none', 1],
    ]);
    expect(r.topTopics[0]?.title.vi).toBeTruthy();
    expect(sorted(r.referrals)).toEqual(
      sorted([
        { channel: 'telegram', formerDistrict: 'Mường La', unit: 'Chiềng Lao', count: 2 },
        { channel: 'zalo-bot', formerDistrict: 'TP Sơn La', unit: 'Tô Hiệu', count: 1 },
        { channel: 'telegram', formerDistrict: 'Mường La', unit: 'Mường Bú', count: 1 },
        { channel: 'webchat', formerDistrict: null, unit: null, count: 1 },
      ]),
    );
    // A referral counts once under each kind it listed; the one of 30/5 is outside the period.
    const k = (formerDistrict: string | null, unit: string | null, kind: string, count = 1) => ({
      formerDistrict,
      unit,
      kind,
      count,
    });
    expect(r.referralsByKind).toEqual([
      k('Mường La', 'Chiềng Lao', 'commune_authority'),
      k('Mường La', 'Chiềng Lao', 'hotline'),
      k('Mường La', 'Chiềng Lao', 'police'),
      k('Mường La', 'Chiềng Lao', 'shelter'),
      k('Mường La', 'Chiềng Lao', 'trusted_address'),
      k('Mường La', 'Chiềng Lao', 'womens_union'),
      k('Mường La', 'Mường Bú', 'unrecorded'),
      k('TP Sơn La', 'Tô Hiệu', 'commune_authority'),
      k('TP Sơn La', 'Tô Hiệu', 'hotline'),
      k('TP Sơn La', 'Tô Hiệu', 'police'),
      k('TP Sơn La', 'Tô Hiệu', 'womens_union'),
      k(null, null, 'none'),
    ]);
    const f = (
      formerDistrict: string | null,
      unit: string | null,
      field: string,
      menu: number,
      typed: number,
    ) => ({
      formerDistrict,
      unit,
      field,
      menu,
      typed,
      total: menu + typed,
    });
    expect(r.faqByArea).toEqual([
      f('Mường La', 'Chiềng Lao', 'labour', 0, 1),
      f('Mường La', 'Chiềng Lao', 'violence', 1, 0),
      f('TP Sơn La', 'Tô Hiệu', 'labour', 1, 0),
      f(null, null, 'labour', 2, 0),
      f(null, null, 'none', 0, 1),
      f(null, null, 'violence', 1, 0),
    ]);
    expect(sorted(r.subscribers)).toEqual(
      sorted([
        {
          channel: 'telegram',
          formerDistrict: 'Mường La',
          unit: 'Chiềng Lao',
          joined: 2,
          left: 0,
          deleted: 0,
        },
        { channel: 'zalo-bot', formerDistrict: 'TP Sơn La', unit: 'Tô Hiệu', joined: 1, left: 0, deleted: 0 },
        { channel: 'telegram', formerDistrict: null, unit: null, joined: 0, left: 1, deleted: 0 },
        {
          channel: 'webchat',
          formerDistrict: 'Mường La',
          unit: 'Chiềng Lao',
          joined: 0,
          left: 0,
          deleted: 1,
        },
      ]),
    );
    expect(r.totals).toEqual({
      sent: 5,
      failed: 1,
      skipped: 1,
      unknown: 1,
      recipients: 3,
      unlinked: 1,
      faqQuestions: 7,
      referrals: 5,
      emergencies: 2,
      joined: 3,
      left: 1,
      deleted: 1,
      unanswered: 2,
    });
  });

  it("limits every figure to an officer's communes and wards", async () => {
    const r = await buildReport(database.db, period, ['Chiềng Lao'], NOW);
    expect(r.scope).toEqual(['Chiềng Lao']);
    expect(sorted(r.messages)).toEqual(
      sorted([
        m('custom', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1 }),
        m('officers', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1, failed: 1 }),
        m('womens-day', 'Mường La', 'Chiềng Lao', 'telegram', { sent: 1 }),
      ]),
    );
    expect(r.reach).toEqual([
      { channel: 'telegram', recipients: 2, unlinked: 0, sent: 3, failed: 1, skipped: 0, unknown: 0 },
    ]);
    // Questions, referrals, deletions and unanswered questions now carry the chat's unit.
    expect(r.faqByField).toEqual([
      { field: 'labour', menu: 0, typed: 1, total: 1 },
      { field: 'violence', menu: 1, typed: 0, total: 1 },
    ]);
    expect(r.faqByArea).toEqual([
      { formerDistrict: 'Mường La', unit: 'Chiềng Lao', field: 'labour', menu: 0, typed: 1, total: 1 },
      { formerDistrict: 'Mường La', unit: 'Chiềng Lao', field: 'violence', menu: 1, typed: 0, total: 1 },
    ]);
    expect(r.referralsByKind.map((x) => [x.unit, x.kind, x.count])).toEqual([
      ['Chiềng Lao', 'commune_authority', 1],
      ['Chiềng Lao', 'hotline', 1],
      ['Chiềng Lao', 'police', 1],
      ['Chiềng Lao', 'shelter', 1],
      ['Chiềng Lao', 'trusted_address', 1],
      ['Chiềng Lao', 'womens_union', 1],
    ]);
    expect(r.topTopics.map((x) => [x.node, x.total])).toEqual([
      ['bao-luc.nhan-biet.la-gi', 1],
      ['lao-dong.thai-san.thoi-gian', 1],
    ]);
    expect(r.totals).toMatchObject({
      faqQuestions: 2,
      referrals: 2,
      emergencies: 1,
      joined: 2,
      left: 0,
      deleted: 1,
      unanswered: 1,
    });
    const none = await buildReport(database.db, period, [], NOW);
    expect(none.totals).toMatchObject({ sent: 0, referrals: 0, emergencies: 0, faqQuestions: 0, joined: 0 });
    expect(none.referralsByKind).toEqual([]);
    expect(none.faqByArea).toEqual([]);
  });

  it('moves figures in and out with the period, day by day in local time', async () => {
    const one = await buildReport(database.db, periodOf('2026-11-30', '2026-11-30', TZ), undefined, NOW);
    // The campaign broadcast started 23:59 local on 30/11; the one at 00:00 on 1/12 is not counted.
    expect(one.totals).toMatchObject({ sent: 1, unknown: 1, faqQuestions: 1, unanswered: 0 });
    const dec = await buildReport(database.db, periodOf('2026-12-01', '2026-12-01', TZ), undefined, NOW);
    expect(dec.totals).toMatchObject({ sent: 1, faqQuestions: 1, unanswered: 1 });
  });

  it('counts subscribers now by channel and area', async () => {
    expect(sorted(await currentSubscribers(database.db))).toEqual(
      sorted([
        { channel: 'telegram', formerDistrict: 'Mường La', unit: 'Chiềng Lao', count: 2 },
        { channel: 'telegram', formerDistrict: 'Mường La', unit: 'Mường Bú', count: 1 },
        { channel: 'zalo-bot', formerDistrict: 'TP Sơn La', unit: 'Tô Hiệu', count: 1 },
      ]),
    );
    expect(await currentSubscribers(database.db, ['Tô Hiệu'])).toEqual([
      { channel: 'zalo-bot', formerDistrict: 'TP Sơn La', unit: 'Tô Hiệu', count: 1 },
    ]);
  });
});
