import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloOaNotSendableError } from '../../src/bot/channels/zalo-oa/adapter.ts';
import { messageBody } from '../../src/bot/channels/zalo-oa/render.ts';
import { getChat, recordInteraction } from '../../src/db/queries/zalo-oa.ts';
import type { Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { oaAdapter, oaEnv, say, startFake, textEvent } from './support.ts';

const DAY = 24 * 3600 * 1000;
const quoted = (c: { body: Record<string, unknown> }) =>
  (c.body.message as { quote_message_id?: string }).quote_message_id !== undefined;

describe.each(testDatabases)('Zalo OA reply window and quotas against the fake counters on $name', (kind) => {
  let fake: FakeZaloOaApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFake({ proactiveQuota: 3 });
    service = await testService(kind, oaEnv(fake, { ZALO_OA_PROACTIVE_QUOTA: '2' }));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('8 free replies after her message, then proactive from the quota, then not attempted', async () => {
    const id = '660001';
    const oa = oaAdapter(service);
    await say(service, fake, textEvent(id, 'menu'));
    let n = 1;
    while (fake.freeReplies(id) < 8) {
      expect(await oa.canSend(id, 'reply')).toEqual({ ok: true, as: 'free_reply' });
      await oa.sendReply(id, [{ text: `Trả lời ${++n}` }]);
    }
    expect(fake.sentTo(id)).toHaveLength(8);
    expect(fake.sentTo(id).every(quoted)).toBe(true);
    expect((await getChat(service.database.db, id))?.repliesSince).toBe(8);
    // The 9th is not a free reply: it goes unquoted from the monthly quota (ours: 2).
    expect(await oa.canSend(id, 'reply')).toEqual({ ok: true, as: 'proactive' });
    await oa.sendReply(id, [{ text: 'Trả lời 9' }]);
    await oa.sendReply(id, [{ text: 'Trả lời 10' }]);
    const extra = fake.sentTo(id).slice(8);
    expect(extra.map((c) => c.quotaType)).toEqual(['sub_quota', 'sub_quota']);
    expect(extra.some(quoted)).toBe(false);
    expect(fake.freeReplies(id)).toBe(8);
    // Quota used up: refused before any call.
    const calls = fake.calls.length;
    expect(await oa.canSend(id, 'reply')).toEqual({ ok: false, reason: 'proactive_quota_exhausted' });
    const err = await oa.sendReply(id, [{ text: 'Trả lời 11' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloOaNotSendableError);
    expect(err).toMatchObject({ code: -211, reason: 'proactive_quota_exhausted', retryable: false });
    expect(fake.calls.length).toBe(calls);
    // She writes again: a new window with 8 free replies.
    await say(service, fake, textEvent(id, 'cảm ơn'));
    expect(fake.sentTo(id).at(-1)?.quotaType).toBe('reply');
    expect(await oa.canSend(id, 'reply')).toEqual({ ok: true, as: 'free_reply' });
  });

  it('after 7 days without interaction nothing is attempted; the platform would answer -230', async () => {
    const id = '660002';
    const old = new Date(Date.now() - 8 * DAY);
    await recordInteraction(service.database.db, id, 'old-msg', old);
    fake.userWrote(id, old.getTime());
    const oa = oaAdapter(service);
    const calls = fake.calls.length;
    expect(await oa.canSend(id, 'reply')).toEqual({ ok: false, reason: 'outside_7_days' });
    await expect(oa.sendReply(id, [{ text: 'x' }])).rejects.toMatchObject({
      code: -230,
      reason: 'outside_7_days',
    });
    expect(fake.calls.length).toBe(calls);
    // What the fake enforces when the rule is bypassed: error 230 as a typed, non-retryable rejection.
    await expect(oa.client.sendCs(messageBody(id, { text: 'x' }, 'old-msg'))).rejects.toMatchObject({
      name: 'ChannelRejectedError',
      code: -230,
      retryable: false,
    });
  });

  it('a broadcast outside the window is a promotion: 1 a day, the second not attempted', async () => {
    const id = '660003';
    await recordInteraction(service.database.db, id, 'm', new Date(Date.now() - 3 * DAY));
    fake.userWrote(id, Date.now() - 3 * DAY);
    const oa = oaAdapter(service);
    expect(await oa.canSend(id, 'broadcast')).toEqual({ ok: true, as: 'promotion' });
    await oa.send(id, [{ text: 'Tháng hành động vì bình đẳng giới\nNội dung' }]);
    expect(fake.sentTo(id).map((c) => c.quotaType)).toEqual(['promotion']);
    const calls = fake.calls.length;
    await expect(oa.send(id, [{ text: 'Tin thứ hai' }])).rejects.toMatchObject({
      reason: 'promotion_daily_cap',
    });
    expect(fake.calls.length).toBe(calls);
  });

  it('a broadcast within the window goes as a free reply', async () => {
    const id = '660004';
    await say(service, fake, textEvent(id, 'menu'));
    expect(await oaAdapter(service).canSend(id, 'broadcast')).toEqual({ ok: true, as: 'free_reply' });
    await oaAdapter(service).send(id, [{ text: 'Tin tuyên truyền' }]);
    expect(fake.sentTo(id).at(-1)?.quotaType).toBe('reply');
  });

  it('a rate limit (-32) is a throttled error and the count is given back', async () => {
    const id = '660005';
    await say(service, fake, textEvent(id, 'menu'));
    const before = (await getChat(service.database.db, id))?.repliesSince;
    fake.failNext.push(-32);
    await expect(oaAdapter(service).sendReply(id, [{ text: 'x' }])).rejects.toMatchObject({
      name: 'ChannelThrottledError',
      retryable: true,
    });
    expect((await getChat(service.database.db, id))?.repliesSince).toBe(before);
  });
});
