import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pausedFor } from '../../src/bot/broadcast/rate-limit.ts';
import {
  ChannelThrottledError,
  NotSendableError,
  RecipientGoneError,
} from '../../src/bot/channels/errors.ts';
import { zaloDay } from '../../src/bot/channels/zalo-oa/window.ts';
import { getChat, markChatGone, recordInteraction } from '../../src/db/queries/zalo-oa.ts';
import { channelLimits } from '../../src/db/schema/broadcasts.ts';
import { zaloOaChats } from '../../src/db/schema/zalo-oa.ts';
import type { Service } from '../../src/service.ts';
import { TestGate } from '../fakes/gate.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { oaAdapter, oaEnv, say, startFake, textEvent } from './support.ts';

const IMG = 'https://radio.example.vn/anh/25-11.jpg';
let nextUser = 770_000;

describe.each(testDatabases)('Zalo OA broadcasts on $name', (kind) => {
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

  /** A follower who wrote to the OA just now (her free-reply window open). */
  async function inWindow(): Promise<string> {
    const id = String(nextUser++);
    fake.userWrote(id);
    await recordInteraction(service.database.db, id, `msg-${id}`, new Date());
    return id;
  }

  it('inside the window: a free reply quoting her message, the image as a media template', async () => {
    const id = await inWindow();
    const oa = oaAdapter(service);
    expect(await oa.checkBroadcast(id)).toEqual({ ok: true, as: 'free_reply' });
    const gate = new TestGate();
    const sent = await oa.sendBroadcast(id, { text: 'Ngày 25/11', media: { kind: 'image', url: IMG } }, gate);
    expect(sent).toEqual({ as: 'free_reply' });
    const [call] = fake.sentTo(id);
    expect(call?.path).toBe('/v3.0/oa/message/cs');
    expect(call?.quotaType).toBe('reply');
    expect(call?.body.message).toMatchObject({
      text: 'Ngày 25/11',
      quote_message_id: `msg-${id}`,
      attachment: { payload: { template_type: 'media', elements: [{ media_type: 'image', url: IMG }] } },
    });
    expect(gate.acquired).toBe(1);
  });

  it('outside the window: one promotion with the image as banner and an audio clip as a link', async () => {
    const id = String(nextUser++);
    const oa = oaAdapter(service);
    expect(await oa.checkBroadcast(id)).toEqual({ ok: true, as: 'promotion' });
    const sent = await oa.sendBroadcast(
      id,
      { text: 'Tiêu đề\nNội dung', media: { kind: 'image', url: IMG } },
      new TestGate(),
    );
    expect(sent).toEqual({ as: 'promotion' });
    const [call] = fake.sentTo(id);
    expect(call?.path).toBe('/v3.0/oa/message/promotion');
    const message = call?.body.message as { attachment?: { payload?: { elements?: object[] } } } | undefined;
    const elements = message?.attachment?.payload?.elements;
    expect(elements).toEqual([
      { type: 'banner', image_url: IMG },
      { type: 'header', content: 'Tiêu đề' },
      { type: 'text', align: 'left', content: 'Nội dung' },
    ]);
    const audio = String(nextUser++);
    await oa.sendBroadcast(
      audio,
      { text: 'Bản tin', media: { kind: 'audio', url: 'https://r.example.vn/a.mp3' } },
      new TestGate(),
    );
    expect(JSON.stringify(fake.sentTo(audio)[0]?.body)).toContain('"content":"https://r.example.vn/a.mp3"');
  });

  const NOT_SENDABLE = [
    {
      name: 'promotion daily cap',
      reason: 'promotion_daily_cap',
      setup: async (db: Service['database']['db'], id: string) => {
        const { day, month } = zaloDay(new Date());
        await db.insert(zaloOaChats).values({
          chatId: id,
          promoDay: day,
          promoDayCount: 1,
          promoMonth: month,
          promoMonthCount: 1,
          updatedAt: new Date(),
        });
      },
    },
    {
      name: 'promotion monthly cap',
      reason: 'promotion_monthly_cap',
      setup: async (db: Service['database']['db'], id: string) => {
        const { month } = zaloDay(new Date());
        await db.insert(zaloOaChats).values({
          chatId: id,
          promoDay: '2000-01-01',
          promoDayCount: 1,
          promoMonth: month,
          promoMonthCount: 4,
          updatedAt: new Date(),
        });
      },
    },
  ];

  it.each(NOT_SENDABLE)('$name -> NotSendableError($reason), nothing sent or counted', async (c) => {
    const id = String(nextUser++);
    const db = service.database.db;
    await c.setup(db, id);
    const before = await getChat(db, id);
    const oa = oaAdapter(service);
    expect(await oa.checkBroadcast(id)).toEqual({ ok: false, reason: c.reason });
    const calls = fake.calls.length;
    const err = await oa.sendBroadcast(id, { text: 'x' }, new TestGate()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotSendableError);
    expect((err as NotSendableError).reason).toBe(c.reason);
    expect(fake.calls.length).toBe(calls);
    expect(await getChat(db, id)).toEqual(before);
  });

  it('a follower who left -> RecipientGoneError, nothing sent', async () => {
    const id = String(nextUser++);
    await markChatGone(service.database.db, id, new Date());
    const oa = oaAdapter(service);
    expect(await oa.checkBroadcast(id)).toEqual({ ok: false, reason: 'gone' });
    const calls = fake.calls.length;
    await expect(oa.sendBroadcast(id, { text: 'x' }, new TestGate())).rejects.toBeInstanceOf(
      RecipientGoneError,
    );
    expect(fake.calls.length).toBe(calls);
  });

  it('the rate-limit answer pauses the gate, gives the count back and rethrows', async () => {
    const id = String(nextUser++);
    fake.inject(1, { status: 429, retryAfter: 1 });
    const gate = new TestGate();
    const err = await oaAdapter(service)
      .sendBroadcast(id, { text: 'x' }, gate)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelThrottledError);
    expect(gate.pauses).toHaveLength(1);
    const row = await getChat(service.database.db, id);
    expect(row?.promoDayCount ?? 0).toBe(0);
    await service.database.db.delete(zaloOaChats).where(eq(zaloOaChats.chatId, id));
    fake.limiter.pausedUntil = 0;
  });

  it("a reply's rate-limit answer pauses the OA's broadcasts in the shared limit; a reply that goes through does not", async () => {
    const db = service.database.db;
    await db.delete(channelLimits).where(eq(channelLimits.key, 'zalo-oa'));
    const ok = String(nextUser++);
    await say(service, fake, textEvent(ok, 'menu'));
    expect(fake.sentTo(ok).length).toBeGreaterThan(0);
    expect(await pausedFor(db, 'zalo-oa')).toBe(0);
    fake.inject(1, { status: 429, retryAfter: 1 });
    await say(service, fake, textEvent(String(nextUser++), 'menu'));
    expect(await pausedFor(db, 'zalo-oa')).toBeGreaterThan(0);
    expect(await pausedFor(db, 'telegram')).toBe(0);
    fake.limiter.pausedUntil = 0;
  });
});
