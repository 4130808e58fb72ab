import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { MAX_MESSAGE_CHARS } from '../../src/api/routes/broadcasts/schemas.ts';
import { loadConfig } from '../../src/config.ts';
import { subscribe, unsubscribe } from '../../src/db/queries/subscribers.ts';
import { broadcasts, deliveries } from '../../src/db/schema/broadcasts.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';
import { zaloOaChats } from '../../src/db/schema/zalo-oa.ts';
import type { Service } from '../../src/service.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'test-admin-token-0123456789';
/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
const HOUR = 3600 * 1000;

/** Subscribers of the fixture: channel, chat id, locale, unit, spoken language. */
const PEOPLE: Array<[string, string, 'vi' | 'en', string | null, string | null]> = [
  ['telegram', 't1', 'vi', 'Chiềng Lao', 'thai'],
  ['telegram', 't2', 'vi', 'Chiềng Lao', null],
  ['telegram', 't3', 'vi', 'Chiềng Lao', null],
  ['telegram', 't4', 'en', 'Tô Hiệu', null],
  ['telegram', 't5', 'en', 'Tô Hiệu', null],
  ['zalo-bot', 'b1', 'vi', 'Mường La', 'hmong'],
  ['zalo-bot', 'b2', 'vi', 'Mường La', null],
  ['zalo-oa', 'oa-free', 'vi', 'Tô Hiệu', null],
  ['zalo-oa', 'oa-daily', 'vi', 'Tô Hiệu', null],
  ['zalo-oa', 'oa-monthly', 'vi', 'Tô Hiệu', null],
  ['zalo-oa', 'oa-gone', 'vi', 'Tô Hiệu', null],
  ['zalo-oa', 'oa-norow', 'vi', 'Tô Hiệu', null],
  ['zalo-oa', 'oa-used-up', 'vi', 'Tô Hiệu', null],
  ['webchat', 'w1', 'vi', null, null],
];

describe.each(testDatabases)('broadcasts API on $name', (kind) => {
  let service: Service;
  let app: FastifyInstance;
  let wakes = 0;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    // The service's own pieces, with a wake hook we can count and no delivery engine acting on the
    // rows these tests build by hand.
    app = await buildApp({
      config: loadConfig({ PORT: '0', ADMIN_TOKEN: TOKEN }),
      bot: service.bot,
      metrics: service.metrics,
      channels: [],
      ready: () => true,
      wakeBroadcasts: () => {
        wakes++;
      },
    });
    const db = service.database.db;
    for (const [channel, chatId, locale, unit, hear] of PEOPLE) {
      await subscribe(db, { channel, chatId }, { locale, unit, now: NOW });
      if (hear) await db.update(subscribers).set({ hearLang: hear }).where(eq(subscribers.chatId, chatId));
    }
    await subscribe(
      db,
      { channel: 'telegram', chatId: 'left' },
      { locale: 'vi', unit: 'Chiềng Lao', now: NOW },
    );
    await unsubscribe(db, { channel: 'telegram', chatId: 'left' }, NOW);
    for (const r of await db.select().from(subscribers)) ids.set(r.chatId, r.id);
    await db.insert(zaloOaChats).values([
      { chatId: 'oa-free', lastUserAt: new Date(NOW.getTime() - HOUR), repliesSince: 2 },
      {
        chatId: 'oa-daily',
        lastUserAt: new Date(NOW.getTime() - 72 * HOUR),
        promoDay: '2026-11-29',
        promoDayCount: 1,
        promoMonth: '2026-11',
        promoMonthCount: 1,
      },
      {
        chatId: 'oa-monthly',
        promoDay: '2026-11-20',
        promoDayCount: 1,
        promoMonth: '2026-11',
        promoMonthCount: 4,
      },
      {
        chatId: 'oa-gone',
        lastUserAt: new Date(NOW.getTime() - HOUR),
        goneAt: new Date(NOW.getTime() - HOUR / 2),
      },
      {
        chatId: 'oa-used-up',
        lastUserAt: new Date(NOW.getTime() - HOUR),
        repliesSince: 8,
        promoDay: '2026-11-28',
        promoDayCount: 1,
        promoMonth: '2026-10',
        promoMonthCount: 4,
      },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await service?.close();
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, token: string | null = TOKEN) => {
    const opts: InjectOptions = { method, url, headers: token ? { authorization: `Bearer ${token}` } : {} };
    if (payload !== undefined) opts.payload = payload as InjectOptions['payload'];
    return app.inject(opts);
  };
  const db = () => service.database.db;
  const broadcastCount = async () =>
    Number((await db().select({ n: sql<number>`count(*)::int` }).from(broadcasts))[0]?.n);
  const message = { vi: 'Tháng hành động vì bình đẳng giới', en: 'Action month for gender equality' };

  /** Puts a broadcast in `status` with delivery rows as the engine would leave them. */
  async function withDeliveries(
    status: 'sending' | 'done',
    rows: Array<[string, 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown', string?]>,
  ): Promise<number> {
    const res = await api('POST', '/api/v1/broadcasts', { message, audience: {} });
    const id = res.json().id as number;
    await db().update(broadcasts).set({ status, total: rows.length }).where(eq(broadcasts.id, id));
    await db()
      .insert(deliveries)
      .values(
        rows.map(([chatId, s, reason]) => ({
          broadcastId: id,
          subscriberId: ids.get(chatId) as number,
          channel: PEOPLE.find((p) => p[1] === chatId)?.[0] ?? 'telegram',
          locale: 'vi',
          status: s,
          reason: reason ?? null,
        })),
      );
    return id;
  }
  const rowsOf = async (id: number) =>
    Object.fromEntries(
      (
        await db()
          .select({ id: deliveries.subscriberId, status: deliveries.status, reason: deliveries.reason })
          .from(deliveries)
          .where(eq(deliveries.broadcastId, id))
      ).map((r) => [
        [...ids].find(([, v]) => v === r.id)?.[0],
        `${r.status}${r.reason ? `:${r.reason}` : ''}`,
      ]),
    );

  it.each([
    ['GET', '/api/v1/broadcasts'],
    ['GET', '/api/v1/broadcasts/1'],
    ['POST', '/api/v1/broadcasts'],
    ['POST', '/api/v1/broadcasts/preview'],
    ['POST', '/api/v1/broadcasts/1/send'],
    ['POST', '/api/v1/broadcasts/1/cancel'],
    ['POST', '/api/v1/broadcasts/1/retry'],
    ['GET', '/api/v1/broadcasts/1/events'],
    ['GET', '/api/v1/audit'],
  ] as const)('answers %s %s with 401 without the admin token', async (method, url) => {
    const before = await broadcastCount();
    expect(
      (await api(method, url, method === 'POST' ? { message, audience: {} } : undefined, null)).statusCode,
    ).toBe(401);
    expect(
      (await api(method, url, method === 'POST' ? { message, audience: {} } : undefined, 'wrong')).statusCode,
    ).toBe(401);
    expect(await broadcastCount()).toBe(before);
  });

  it.each([
    ['no body', undefined, /^body: /],
    ['no message', { audience: {} }, /^message: is required/],
    ['message without vi', { message: { en: 'Hello' } }, /^message\.vi: is required/],
    ['blank vi', { message: { vi: '   ' } }, /^message\.vi: must not be blank/],
    ['blank en', { message: { vi: 'Chào', en: '' } }, /^message\.en: must not be blank/],
    [
      'vi too long',
      { message: { vi: 'a'.repeat(MAX_MESSAGE_CHARS + 1) } },
      /^message\.vi: is over 2000 characters/,
    ],
    [
      'en too long',
      { message: { vi: 'a', en: 'ă'.repeat(MAX_MESSAGE_CHARS + 1) } },
      /^message\.en: is over 2000/,
    ],
    ['an unknown locale', { message: { vi: 'a', fr: 'b' } }, /^message\.fr: unknown field/],
    ['an unknown field', { message: { vi: 'a' }, priority: 1 }, /^priority: unknown field/],
    [
      'an unknown unit',
      { message: { vi: 'a' }, audience: { units: ['Chiềng Lao', 'Atlantis'] } },
      /^audience\.units: unknown unit "Atlantis"/,
    ],
    [
      'an unknown former district',
      { message: { vi: 'a' }, audience: { formerDistricts: ['Hà Đông'] } },
      /^audience\.formerDistricts: unknown former district "Hà Đông"/,
    ],
    [
      'an unknown channel',
      { message: { vi: 'a' }, audience: { channels: ['sms'] } },
      /^audience\.channels: unknown channel "sms"/,
    ],
    [
      'an unknown language',
      { message: { vi: 'a' }, audience: { locales: ['fr'] } },
      /^audience\.locales: unknown language "fr"/,
    ],
    [
      'units not a list',
      { message: { vi: 'a' }, audience: { units: 'Chiềng Lao' } },
      /^audience\.units: must be a list/,
    ],
    [
      'sendAt without offset',
      { message: { vi: 'a' }, sendAt: '2026-12-01T08:00:00' },
      /^sendAt: must be an ISO time with an offset/,
    ],
    ['sendAt not a time', { message: { vi: 'a' }, sendAt: 'tomorrow' }, /^sendAt: /],
    ['send not a boolean', { message: { vi: 'a' }, send: 'yes' }, /^send: must be true or false/],
    [
      'media over http',
      { message: { vi: 'a' }, media: { kind: 'image', url: 'http://x.vn/a.jpg' } },
      /^media\.url: must be an https URL/,
    ],
    [
      'media of an unknown kind',
      { message: { vi: 'a' }, media: { kind: 'video', url: 'https://x.vn/a.mp4' } },
      /^media\.kind: must be image or audio/,
    ],
    [
      'media in an unknown language',
      { message: { vi: 'a' }, media: { kind: 'audio', url: 'https://x.vn/a.mp3', lang: 'fr' } },
      /^media\.lang: /,
    ],
    ['paid not a boolean', { message: { vi: 'a' }, paid: 1 }, /^paid: /],
  ])('rejects a broadcast with %s: 400 naming the field, nothing stored', async (_name, body, pattern) => {
    const before = await broadcastCount();
    const res = await api('POST', '/api/v1/broadcasts', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toMatch(pattern);
    expect(await broadcastCount()).toBe(before);
  });

  it('accepts exactly 2000 characters, and creates a draft with the dry-run count', async () => {
    const wakesBefore = wakes;
    const res = await api('POST', '/api/v1/broadcasts', {
      message: { vi: 'ạ'.repeat(MAX_MESSAGE_CHARS) },
      audience: { formerDistricts: ['Mường La'] },
      media: { kind: 'audio', url: 'https://radio.sonla.example/ban-tin-thai.mp3', lang: 'thai' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(Number), status: 'draft', recipients: 5 });
    expect(wakes).toBe(wakesBefore);
    const got = (await api('GET', `/api/v1/broadcasts/${body.id}`)).json();
    expect(got).toMatchObject({
      id: body.id,
      status: 'draft',
      counts: { total: 0, pending: 0, sent: 0, failed: 0, skipped: 0, unknown: 0 },
      recipients: 5,
      audience: { formerDistricts: ['Mường La'] },
      media: { kind: 'audio', lang: 'thai' },
      createdAt: NOW.toISOString(),
      sendAt: null,
      createdBy: 'admin-token',
    });
  });

  it('sends at once with send:true (a past sendAt means now) and wakes the engine', async () => {
    const wakesBefore = wakes;
    const res = await api('POST', '/api/v1/broadcasts', {
      message,
      audience: { channels: ['telegram'], locales: ['en'] },
      sendAt: '2026-11-01T08:00:00+07:00',
      send: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'scheduled', recipients: 2 });
    expect(wakes).toBe(wakesBefore + 1);
    const got = (await api('GET', `/api/v1/broadcasts/${res.json().id}`)).json();
    expect(got).toMatchObject({ status: 'scheduled', sendAt: NOW.toISOString(), approvedBy: 'admin-token' });

    const later = await api('POST', '/api/v1/broadcasts', {
      message,
      sendAt: '2026-12-01T08:00:00+07:00',
      send: true,
    });
    const b = (await api('GET', `/api/v1/broadcasts/${later.json().id}`)).json();
    expect(b).toMatchObject({ status: 'scheduled', sendAt: '2026-12-01T01:00:00.000Z', recipients: 14 });
  });

  it('sends a draft once: draft -> scheduled, then 409; 404 for unknown ids; all audited', async () => {
    const id = (
      await api('POST', '/api/v1/broadcasts', { message, audience: { units: ['Chiềng Lao'] } })
    ).json().id;
    const wakesBefore = wakes;
    const sent = await api('POST', `/api/v1/broadcasts/${id}/send`);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ id, status: 'scheduled', sendAt: null });
    expect(wakes).toBe(wakesBefore + 1);
    const again = await api('POST', `/api/v1/broadcasts/${id}/send`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'conflict', status: 'scheduled' });
    expect(wakes).toBe(wakesBefore + 1);
    for (const bad of ['999999', 'abc', '0', '-1', '1e3']) {
      expect((await api('GET', `/api/v1/broadcasts/${bad}`)).statusCode).toBe(404);
      expect((await api('POST', `/api/v1/broadcasts/${bad}/send`)).statusCode).toBe(404);
      expect((await api('POST', `/api/v1/broadcasts/${bad}/cancel`)).statusCode).toBe(404);
      expect((await api('POST', `/api/v1/broadcasts/${bad}/retry`)).statusCode).toBe(404);
    }
    const audit = (await api('GET', '/api/v1/audit?limit=2')).json().entries;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor: 'admin-token',
      action: 'broadcast.send',
      target: `broadcast:${id}`,
    });
    expect(audit[1]).toMatchObject({
      actor: 'admin-token',
      action: 'broadcast.create',
      target: `broadcast:${id}`,
    });
    expect(JSON.stringify(audit)).not.toContain(message.vi);
    expect((await api('GET', '/api/v1/audit?limit=0')).statusCode).toBe(400);
  });

  it('counts deliveries with sending folded into pending, and failures and skips by reason', async () => {
    const id = await withDeliveries('sending', [
      ['t1', 'pending'],
      ['t2', 'sending'],
      ['t3', 'sent'],
      ['t4', 'failed', 'gone'],
      ['t5', 'failed', 'connection'],
      ['oa-daily', 'skipped', 'promotion_daily_cap'],
      ['oa-gone', 'unknown', 'worker_lost'],
    ]);
    const got = (await api('GET', `/api/v1/broadcasts/${id}`)).json();
    expect(got.counts).toEqual({ total: 7, pending: 2, sent: 1, failed: 2, skipped: 1, unknown: 1 });
    expect(got.reasons).toEqual({ failed: { gone: 1, connection: 1 }, skipped: { promotion_daily_cap: 1 } });
    expect(got.recipients).toBe(7);
    expect(JSON.stringify(got)).not.toMatch(/"t1"|oa-daily/);
  });

  it('cancels: pending rows become skipped "cancelled", rows being sent are left to the engine', async () => {
    const id = await withDeliveries('sending', [
      ['t1', 'pending'],
      ['t2', 'pending'],
      ['t3', 'sending'],
      ['t4', 'sent'],
    ]);
    const res = await api('POST', `/api/v1/broadcasts/${id}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id, status: 'cancelled', skipped: 2 });
    expect(await rowsOf(id)).toEqual({
      t1: 'skipped:cancelled',
      t2: 'skipped:cancelled',
      t3: 'sending',
      t4: 'sent',
    });
    const got = (await api('GET', `/api/v1/broadcasts/${id}`)).json();
    expect(got).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'admin-token',
      cancelledAt: NOW.toISOString(),
    });
    expect(got.counts).toEqual({ total: 4, pending: 1, sent: 1, failed: 0, skipped: 2, unknown: 0 });
    expect((await api('POST', `/api/v1/broadcasts/${id}/cancel`)).statusCode).toBe(409);
    expect((await api('POST', `/api/v1/broadcasts/${id}/retry`)).statusCode).toBe(409);
    const [entry] = (await api('GET', '/api/v1/audit?limit=1')).json().entries;
    expect(entry).toMatchObject({
      action: 'broadcast.cancel',
      target: `broadcast:${id}`,
      details: { from: 'sending', skipped: 2 },
    });
  });

  it('cancels a draft and a scheduled broadcast, but not a finished one', async () => {
    const draft = (await api('POST', '/api/v1/broadcasts', { message })).json().id;
    expect((await api('POST', `/api/v1/broadcasts/${draft}/cancel`)).json()).toEqual({
      id: draft,
      status: 'cancelled',
      skipped: 0,
    });
    expect((await api('POST', `/api/v1/broadcasts/${draft}/send`)).statusCode).toBe(409);
    const scheduled = (await api('POST', '/api/v1/broadcasts', { message, send: true })).json().id;
    expect((await api('POST', `/api/v1/broadcasts/${scheduled}/cancel`)).statusCode).toBe(200);
    const done = await withDeliveries('done', [['t1', 'sent']]);
    const res = await api('POST', `/api/v1/broadcasts/${done}/cancel`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/cannot cancel a broadcast that is done/);
  });

  it('retries failures that may pass, never a recipient gone or a rejected message, unknown only when asked', async () => {
    const id = await withDeliveries('done', [
      ['t1', 'failed', 'connection'],
      ['t2', 'failed', 'error'],
      ['t3', 'failed', 'gone'],
      ['t4', 'failed', 'rejected:400'],
      ['t5', 'unknown', 'worker_lost'],
      ['b1', 'unknown', 'worker_lost'],
      ['b2', 'sent'],
      ['oa-daily', 'skipped', 'promotion_daily_cap'],
    ]);
    const wakesBefore = wakes;
    const res = await api('POST', `/api/v1/broadcasts/${id}/retry`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'sending', retried: 2, failed: 2, unknown: 0 });
    expect(wakes).toBe(wakesBefore + 1);
    expect(await rowsOf(id)).toEqual({
      t1: 'pending',
      t2: 'pending',
      t3: 'failed:gone',
      t4: 'failed:rejected:400',
      t5: 'unknown:worker_lost',
      b1: 'unknown:worker_lost',
      b2: 'sent',
      'oa-daily': 'skipped:promotion_daily_cap',
    });
    expect((await api('GET', `/api/v1/broadcasts/${id}`)).json().status).toBe('sending');

    // Nothing more to retry without includeUnknown: no change, no wake, no audit entry.
    const auditBefore = (await api('GET', '/api/v1/audit?limit=1')).json().entries[0].id;
    const none = await api('POST', `/api/v1/broadcasts/${id}/retry`);
    expect(none.json()).toMatchObject({ retried: 0 });
    expect(wakes).toBe(wakesBefore + 1);
    expect((await api('GET', '/api/v1/audit?limit=1')).json().entries[0].id).toBe(auditBefore);

    expect((await api('POST', `/api/v1/broadcasts/${id}/retry`, { includeUnknown: 'yes' })).statusCode).toBe(
      400,
    );
    const withUnknown = await api('POST', `/api/v1/broadcasts/${id}/retry`, { includeUnknown: true });
    expect(withUnknown.json()).toMatchObject({ retried: 2, failed: 0, unknown: 2 });
    const rows = await rowsOf(id);
    expect([rows.t5, rows.b1, rows.t3]).toEqual(['pending', 'pending', 'failed:gone']);
    const [entry] = (await api('GET', '/api/v1/audit?limit=1')).json().entries;
    expect(entry).toMatchObject({ action: 'broadcast.retry', details: { unknown: 2, includeUnknown: true } });
  });

  it('does not retry a draft or a scheduled broadcast (nothing was sent)', async () => {
    const draft = (await api('POST', '/api/v1/broadcasts', { message })).json().id;
    expect((await api('POST', `/api/v1/broadcasts/${draft}/retry`)).statusCode).toBe(409);
  });

  it('previews the audience by channel, unit, former district and language, with the OA forecast', async () => {
    const preview = async (audience: object) => {
      const res = await api('POST', '/api/v1/broadcasts/preview', { audience });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const all = await preview({});
    expect(all).toEqual({
      recipients: 14,
      byChannel: { telegram: 5, 'zalo-bot': 2, 'zalo-oa': 6, webchat: 1 },
      byLocale: { vi: 12, en: 2 },
      byHearLang: { thai: 1, hmong: 1 },
      zaloOa: {
        free: 1,
        promotion: 2,
        notReached: { gone: 1, promotion_daily_cap: 1, promotion_monthly_cap: 1 },
      },
    });
    expect((await preview({ units: ['Chiềng Lao'] })).recipients).toBe(3);
    expect((await preview({ formerDistricts: ['Mường La'] })).byChannel).toEqual({
      telegram: 3,
      'zalo-bot': 2,
    });
    expect((await preview({ formerDistricts: ['TP Sơn La'], channels: ['telegram'] })).recipients).toBe(2);
    expect((await preview({ locales: ['thai'] })).recipients).toBe(1);
    expect((await preview({ locales: ['en', 'hmong'] })).recipients).toBe(3);
    expect((await preview({ channels: ['webchat', 'zalo-bot'] })).recipients).toBe(3);
    const oaOnly = await preview({ channels: ['telegram'] });
    expect(oaOnly.zaloOa).toEqual({ free: 0, promotion: 0, notReached: {} });
    const bad = await api('POST', '/api/v1/broadcasts/preview', { audience: { units: ['Atlantis'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('audience.units: unknown unit "Atlantis"');
  });

  it('lists broadcasts newest first, a page at a time', async () => {
    const first = (await api('GET', '/api/v1/broadcasts?limit=2')).json();
    expect(first.broadcasts).toHaveLength(2);
    expect(first.broadcasts[0].id).toBeGreaterThan(first.broadcasts[1].id);
    expect(first.broadcasts[0].counts).toEqual(expect.objectContaining({ total: expect.any(Number) }));
    const next = (await api('GET', '/api/v1/broadcasts?limit=2&offset=1')).json();
    expect(next.broadcasts[0].id).toBe(first.broadcasts[1].id);
    expect((await api('GET', '/api/v1/broadcasts?limit=9999')).statusCode).toBe(400);
  });
});

describe.each(testDatabases)('broadcasts API with the delivery engine on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN, QUIET_HOURS: 'off' });
  });
  afterAll(async () => {
    await service?.close();
  });
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${TOKEN}` } });

  it('an officer sends, the engine delivers, and the counts say so; retry then finds nothing', async () => {
    for (const chatId of ['e1', 'e2', 'e3'])
      await subscribe(
        service.database.db,
        { channel: 'webchat', chatId },
        { locale: 'vi', unit: null, now: new Date() },
      );
    const created = await api('POST', '/api/v1/broadcasts', {
      message: { vi: 'Tin thử', en: 'Test' },
      audience: { channels: ['webchat'] },
      send: true,
    });
    expect(created.json()).toMatchObject({ status: 'scheduled', recipients: 3 });
    await service.worker.drain();
    const got = (await api('GET', `/api/v1/broadcasts/${created.json().id}`)).json();
    expect(got).toMatchObject({
      status: 'done',
      counts: { total: 3, pending: 0, sent: 3, failed: 0, skipped: 0, unknown: 0 },
      recipients: 3,
    });
    const retry = await api('POST', `/api/v1/broadcasts/${created.json().id}/retry`, {
      includeUnknown: true,
    });
    expect(retry.json()).toMatchObject({ status: 'done', retried: 0 });
  });
});
