import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscriber } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { testDatabases } from '../support/db.ts';
import { scrapeMetrics, tablesContaining, testService } from '../support/service.ts';
import { oaAdapter, oaEnv, postEvent, recorded, SECRET_KEY, say, startFake, textEvent } from './support.ts';

const count = async (service: Service, table: string) =>
  Number(
    (
      (await service.database.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)}`,
      )) as unknown as {
        rows: Array<{ n: number }>;
      }
    ).rows[0]?.n,
  );
type Button = { title: string; payload: string };
const buttonsOf = (call: { body: Record<string, unknown> } | undefined): Button[] =>
  ((call?.body.message as { attachment?: { payload?: { buttons?: Button[] } } })?.attachment?.payload
    ?.buttons ?? []) as Button[];

describe.each(testDatabases)('Zalo OA webhook against the fake OA API on $name', (kind) => {
  let fake: FakeZaloOaApi;
  let service: Service;
  let user = 880_000;
  const newUser = () => String(++user);
  beforeAll(async () => {
    fake = await startFake();
    service = await testService(kind, oaEnv(fake));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it.each([
    ['user_send_text', 'Điều 139'],
    ['user_send_text_emergency', '113'],
    ['user_send_location', '113'],
    ['user_send_image', 'Bạn cần gì?'],
    ['user_send_sticker', 'Bạn cần gì?'],
    ['follow', 'Hoa Ban'],
    ['user_click_chatnow', 'Hoa Ban'],
    ['user_send_text_button', 'xã'],
  ])('recorded %s: 200 and answered (%s)', async (file, expected) => {
    const id = newUser();
    const res = await say(service, fake, recorded(file, id));
    expect(res.statusCode).toBe(200);
    expect(fake.textsTo(id).join('\n')).toContain(expected);
  });

  it.each(['user_seen_message', 'oa_send_text'])(
    'recorded %s: 200, ignored, nothing stored',
    async (file) => {
      const id = newUser();
      const res = await say(service, fake, recorded(file, id));
      expect(res.statusCode).toBe(200);
      expect(fake.calls.filter((c) => JSON.stringify(c.body).includes(id))).toEqual([]);
      expect(await tablesContaining(service, id)).toEqual([]);
    },
  );

  it('a question, the directory by number, subscribe and delete my data', async () => {
    const id = newUser();
    await say(service, fake, textEvent(id, 'xin chào'));
    await say(service, fake, textEvent(id, 'menu'));
    // The main menu has 6 entries (more than a template takes): it comes numbered.
    const menu = fake.sentTo(id).at(-1);
    expect(buttonsOf(menu)).toEqual([]);
    expect(fake.textsTo(id).at(-1)).toMatch(/1\. .*\n2\. /);
    // A free reply quotes the user's message.
    expect((menu?.body.message as { quote_message_id?: string } | undefined)?.quote_message_id).toMatch(
      /^msg/,
    );
    await say(service, fake, textEvent(id, '2'));
    expect(fake.textsTo(id).at(-1)).toContain('xã');
    const before = fake.sentTo(id).length;
    await say(service, fake, textEvent(id, 'nghỉ thai sản mấy tháng'));
    expect(fake.textsTo(id).slice(before).join('\n')).toContain('Điều 139');

    await say(service, fake, textEvent(id, 'đăng ký'));
    expect((await getSubscriber(service.database.db, { channel: 'zalo-oa', chatId: id }))?.subscribed).toBe(
      true,
    );
    expect(await tablesContaining(service, id)).toEqual(
      expect.arrayContaining(['subscribers', 'sessions', 'zalo_oa_chats']),
    );
    await say(service, fake, textEvent(id, 'xóa dữ liệu'));
    expect(await tablesContaining(service, id)).toEqual([]);
    expect(await count(service, 'zalo_oa_inbox')).toBe(0);
  });

  it('a menu of up to 5 buttons goes as a template whose payload comes back as the press', async () => {
    const id = newUser();
    await say(service, fake, textEvent(id, 'chồng tôi đang đánh tôi'));
    const last = fake.sentTo(id).at(-1);
    const buttons = buttonsOf(last);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every((b) => b.payload.startsWith('#hb:'))).toBe(true);
    const home = buttons.find((b) => b.payload === '#hb:menu:home');
    expect(home).toBeDefined();
    const before = fake.sentTo(id).length;
    await say(service, fake, textEvent(id, home?.payload as string));
    expect(fake.textsTo(id).slice(before).join('\n')).toContain('Bạn cần gì?');
  });

  it('falls back to numbered text when the OA refuses templates', async () => {
    const id = newUser();
    fake.refuseTemplates = true;
    try {
      await say(service, fake, textEvent(id, 'chồng tôi đang đánh tôi'));
    } finally {
      fake.refuseTemplates = false;
    }
    const refused = fake.calls.filter((c) => c.error === -201 && JSON.stringify(c.body).includes(id));
    expect(refused.length).toBeGreaterThan(0);
    expect(fake.textsTo(id).at(-1)).toMatch(/\n1\. /);
    await say(service, fake, textEvent(id, '1'));
    expect(fake.sentTo(id).length).toBeGreaterThan(2);
  });

  it('rejects a wrong or missing signature with 401 and stores nothing', async () => {
    const id = newUser();
    const before = await count(service, 'zalo_oa_inbox');
    const e = textEvent(id, 'đăng ký');
    for (const sig of ['mac=00', null, 'wrong', `mac=${'a'.repeat(64)}`]) {
      expect((await postEvent(service, e, sig)).statusCode).toBe(401);
    }
    // Signed with another key, or for another app.
    const { signatureFor } = await import('../../src/bot/channels/zalo-oa/update.ts');
    const raw = JSON.stringify(e);
    const other = signatureFor(e.app_id, Buffer.from(raw), e.timestamp, `${SECRET_KEY}x`);
    expect((await postEvent(service, e, other)).statusCode).toBe(401);
    const foreign = { ...e, app_id: '999' };
    expect((await postEvent(service, foreign)).statusCode).toBe(401);
    // The body changed after signing (one byte).
    const good = signatureFor(e.app_id, Buffer.from(raw), e.timestamp, SECRET_KEY);
    expect((await postEvent(service, raw.replace('đăng ký', 'đăng kí'), good)).statusCode).toBe(401);
    await oaAdapter(service).drain();
    expect(await count(service, 'zalo_oa_inbox')).toBe(before);
    expect(await tablesContaining(service, id)).toEqual([]);
    expect(fake.sentTo(id)).toEqual([]);
  });

  it('ignores an old replayed event (200) and stores nothing', async () => {
    const id = newUser();
    const old = textEvent(id, 'đăng ký', Date.now() - 11 * 60 * 1000);
    const res = await postEvent(service, old);
    expect(res.statusCode).toBe(200);
    await oaAdapter(service).drain();
    expect(await tablesContaining(service, id)).toEqual([]);
    expect(fake.sentTo(id)).toEqual([]);
  });

  it.each([
    ['invalid JSON', '{"app_id": "1",'],
    ['a string', '"hello"'],
    ['no timestamp', { app_id: '1234567890', event_name: 'user_send_text' }],
  ])('answers a malformed body (%s) with 400', async (_name, body) => {
    const res = await postEvent(service, body, 'mac=whatever');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBeTruthy();
  });

  it('answers a signed event without a sender or text with 400 and stores nothing', async () => {
    const id = newUser();
    const e = textEvent(id, 'x');
    const noSender = { ...e, sender: undefined };
    const noText = { ...e, message: { msg_id: 'zz1' } };
    const before = await count(service, 'zalo_oa_inbox');
    expect((await postEvent(service, noSender)).statusCode).toBe(400);
    expect((await postEvent(service, noText)).statusCode).toBe(400);
    expect(await count(service, 'zalo_oa_inbox')).toBe(before);
    expect(await tablesContaining(service, id)).toEqual([]);
  });

  it('handles the same event twice only once, concurrent or later', async () => {
    const id = newUser();
    const e = textEvent(id, 'đăng ký');
    fake.userWrote(id);
    const [a, b] = await Promise.all([postEvent(service, e), postEvent(service, e)]);
    await oaAdapter(service).drain();
    const c = await postEvent(service, e);
    await oaAdapter(service).drain();
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
    expect(fake.sentTo(id)).toHaveLength(1);
    expect(await count(service, 'zalo_oa_inbox')).toBe(0);
    const metrics = await scrapeMetrics(service);
    expect(metrics).toMatch(/hoaban_updates_duplicate_total\{channel="zalo-oa"\} [2-9]/);
    expect(metrics).toMatch(/hoaban_replies_sent_total\{channel="zalo-oa"\} \d/);
  });

  it('unsubscribes on unfollow and sends nothing more', async () => {
    const id = newUser();
    await say(service, fake, textEvent(id, 'đăng ký'));
    const key = { channel: 'zalo-oa', chatId: id };
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(true);
    expect((await postEvent(service, recorded('unfollow', id))).statusCode).toBe(200);
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(false);
    await expect(oaAdapter(service).send(id, [{ text: 'Tin tuyên truyền' }])).rejects.toMatchObject({
      name: 'RecipientGoneError',
    });
  });

  it('unsubscribes a user when a send answers -213 (not following)', async () => {
    const id = newUser();
    await say(service, fake, textEvent(id, 'đăng ký'));
    fake.unfollowed.add(id);
    await say(service, fake, textEvent(id, 'menu'));
    expect((await getSubscriber(service.database.db, { channel: 'zalo-oa', chatId: id }))?.subscribed).toBe(
      false,
    );
  });
});
