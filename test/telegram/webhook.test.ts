import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSession, saveSession } from '../../src/db/queries/conversation.ts';
import { getSubscriber } from '../../src/db/queries/subscribers.ts';
import { messagesSince, recordMessages } from '../../src/db/queries/telegram.ts';
import { purgeExpired, type Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { testDatabases } from '../support/db.ts';
import { rowCount, scrapeMetrics, tablesContaining, testService } from '../support/service.ts';
import { INCOMING, payload } from './cases.ts';
import {
  blockedUpdate,
  locationUpdate,
  postUpdate,
  pressUpdate,
  SECRET,
  TOKEN,
  telegramEnv,
  textUpdate,
} from './support.ts';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
const buttonsOf = (msg: Record<string, unknown> | undefined) =>
  ((msg?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data);
describe.each(testDatabases)('Telegram webhook against the fake Bot API on $name', (kind) => {
  let fake: FakeTelegramApi;
  let service: Service;
  let chat = 2000;
  const newChat = () => ++chat;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, perChatBurst: 20 });
    service = await testService(
      kind,
      telegramEnv(fake, { PUBLIC_URL: 'https://hoaban.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET }),
    );
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('registers the webhook with its secret and the commands in Vietnamese and English on start', () => {
    expect(fake.callsOf('getMe')).toHaveLength(1);
    expect(fake.callsOf('setWebhook')[0]?.body).toEqual({
      url: 'https://hoaban.example.org/webhooks/telegram',
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    const lists = fake.callsOf('setMyCommands').map((c) => c.body);
    expect(lists).toHaveLength(2);
    const names = (l: Record<string, unknown>) =>
      (l.commands as Array<{ command: string }>).map((c) => c.command);
    expect(names(lists[0] ?? {})).toEqual([
      'start',
      'menu',
      'subscribe',
      'unsubscribe',
      'language',
      'erase',
      'deletedata',
      'help',
    ]);
    expect(lists[0]?.language_code).toBeUndefined();
    expect(JSON.stringify(lists[0])).toContain('Xóa cuộc trò chuyện này');
    expect(lists[1]?.language_code).toBe('en');
    expect(JSON.stringify(lists[1])).toContain('Erase this chat');
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it.each(INCOMING)('recorded $file: 200, answered only where the bot serves', async (c) => {
    const target = c.answersIn ?? '1001';
    const before = fake.sentTo(target).length;
    const res = await postUpdate(service, payload(c.file));
    expect(res.statusCode).toBe(200);
    const sent = fake.sentTo(target).slice(before);
    if (c.answersIn) {
      expect(sent.length).toBeGreaterThan(0);
      if (c.answerText) expect(sent.map((m) => m.text).join('\n')).toContain(c.answerText);
    } else {
      expect(sent).toEqual([]);
    }
    if (c.file === 'group_message') expect(fake.sentTo('-100200300')).toHaveLength(0);
  });

  it('/start, a FAQ question, a button press, a shared location and erase this chat', async () => {
    const id = newChat();
    const start = textUpdate(id, '/start');
    expect((await postUpdate(service, start)).statusCode).toBe(200);
    const welcome = fake.sentTo(id).at(-1);
    expect(welcome?.text).toContain('Hoa Ban');
    expect(buttonsOf(welcome)).toEqual([
      'menu:faq',
      'menu:directory',
      'menu:subscribe',
      'menu:language',
      'menu:delete',
      'menu:help',
    ]);

    const beforeFaq = fake.sentTo(id).length;
    await postUpdate(service, textUpdate(id, 'nghỉ thai sản mấy tháng'));
    const answer = fake.sentTo(id).slice(beforeFaq);
    expect(answer.map((m) => m.text).join('\n')).toContain('Điều 139');

    const callbacksBefore = fake.callsOf('answerCallbackQuery').length;
    const welcomeId = (await messagesSince(service.database.db, String(id), new Date(0))).find(
      (m) => m >= 1000,
    ) as number;
    await postUpdate(service, pressUpdate(id, 'menu:directory', welcomeId));
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(callbacksBefore + 1);
    expect(buttonsOf(fake.sentTo(id).at(-1))).toContain('dir:district:Mường La');

    await postUpdate(service, locationUpdate(id, 21.3256, 103.9188));
    const nearest = fake.sentTo(id).at(-1);
    expect(nearest?.text).toContain('113');
    expect(buttonsOf(nearest)).toEqual(expect.arrayContaining(['privacy:erase', 'menu:home']));

    const known = await messagesSince(service.database.db, String(id), new Date(0));
    // 4 user messages (the press is on a bot message) and one bot answer per turn at least.
    expect(known.length).toBeGreaterThanOrEqual(7);
    const deletesBefore = fake.callsOf('deleteMessage').length;
    await postUpdate(service, pressUpdate(id, 'privacy:erase', known.at(-1) as number));
    const deleted = fake
      .callsOf('deleteMessage')
      .slice(deletesBefore)
      .map((c) => c.body);
    expect(deleted.map((d) => d.message_id).sort()).toEqual([...known].sort());
    expect(deleted.every((d) => String(d.chat_id) === String(id))).toBe(true);
    const confirmation = fake.sentTo(id).at(-1);
    expect(confirmation?.text).toBe('Đã xong.');
    expect(confirmation?.reply_markup).toBeUndefined();
    // Only the confirmation is left to erase next time.
    expect(await messagesSince(service.database.db, String(id), new Date(0))).toHaveLength(1);
  });

  it('offers "erase this chat" after an emergency answer', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, 'chồng tôi đang đánh tôi'));
    const sent = fake.sentTo(id);
    expect(sent[0]?.text).toContain('113');
    expect(buttonsOf(sent.at(-1))).toEqual(['privacy:erase', 'menu:home']);
  });

  it('rejects a bad or missing secret with 401 and stores nothing', async () => {
    const id = newChat();
    const before = await rowCount(service, 'processed_updates');
    for (const secret of ['wrong', null, `${SECRET}x`, '']) {
      const res = await postUpdate(service, textUpdate(id, '/subscribe'), secret);
      expect(res.statusCode).toBe(401);
    }
    // A malformed body without the secret is still 401: the secret is checked first.
    expect((await postUpdate(service, '{not json', 'wrong')).statusCode).toBe(401);
    expect(await rowCount(service, 'processed_updates')).toBe(before);
    expect(await tablesContaining(service, String(id))).toEqual([]);
    expect(fake.sentTo(id)).toEqual([]);
  });

  it.each([
    ['invalid JSON', '{"update_id": 1,'],
    ['no update_id', { message: { text: 'hi' } }],
    ['a string', '"hello"'],
    ['a message without a chat', { update_id: 77, message: { message_id: 1, date: 1, text: 'x' } }],
  ])('answers a malformed body (%s) with 400 and a message', async (_name, body) => {
    const res = await postUpdate(service, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBeTruthy();
  });

  it('handles the same update twice only once', async () => {
    const id = newChat();
    const u = textUpdate(id, '/subscribe');
    const [a, b] = await Promise.all([postUpdate(service, u), postUpdate(service, u)]);
    const c = await postUpdate(service, u);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
    expect(fake.sentTo(id)).toHaveLength(1);
    const metrics = await scrapeMetrics(service);
    expect(metrics).toMatch(/hoaban_updates_duplicate_total\{channel="telegram"\} [2-9]/);
    expect(metrics).toMatch(/hoaban_updates_handled_total\{channel="telegram"\} \d/);
    expect(metrics).toMatch(/hoaban_replies_sent_total\{channel="telegram"\} \d/);
    expect(metrics).toMatch(/hoaban_webhook_latency_seconds_count\{channel="telegram"\} \d/);
  });

  it('unsubscribes a user who blocks the bot (my_chat_member kicked)', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, '/subscribe'));
    const key = { channel: 'telegram', chatId: String(id) };
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(true);
    expect((await postUpdate(service, blockedUpdate(id))).statusCode).toBe(200);
    expect(await getSubscriber(service.database.db, key)).toMatchObject({ subscribed: false, locale: 'vi' });
  });

  it('unsubscribes a user when a send answers 403, and still answers the webhook 200', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, '/subscribe'));
    fake.blocked.add(String(id));
    const res = await postUpdate(service, textUpdate(id, 'menu'));
    expect(res.statusCode).toBe(200);
    const key = { channel: 'telegram', chatId: String(id) };
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(false);
    // Sending outside a turn reports the typed error.
    const telegram = service.channels.find((c) => c.name === 'telegram');
    await expect(telegram?.send(String(id), [{ text: 'Tin tuyên truyền' }])).rejects.toMatchObject({
      name: 'RecipientGoneError',
    });
  });

  it('sets the commune from a deep link', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, '/start chieng-lao'));
    expect((await getSession(service.database.db, { channel: 'telegram', chatId: String(id) }))?.unit).toBe(
      'Chiềng Lao',
    );
    expect(fake.sentTo(id).at(-1)?.text).toContain('xã Chiềng Lao');
  });

  it('switches to a neutral topic on the quick-exit word, without a menu until /start', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, '/start'));
    await postUpdate(service, textUpdate(id, 'thoi tiet'));
    await postUpdate(service, textUpdate(id, 'menu'));
    const [, quiet, again] = fake.sentTo(id);
    expect(quiet?.text).toContain('Thời tiết hôm nay');
    expect(quiet?.reply_markup).toBeUndefined();
    expect(again?.reply_markup).toBeUndefined();
    await postUpdate(service, textUpdate(id, '/start'));
    expect(buttonsOf(fake.sentTo(id).at(-1))).toContain('menu:faq');
  });

  it('resolves a hashed callback_data through the ids the chat was shown', async () => {
    const id = newChat();
    const long = `dir:district:${'Không có huyện này '.repeat(3)}`;
    const key = { channel: 'telegram', chatId: String(id) };
    await saveSession(service.database.db, key, { lastButtons: [long, 'menu:home'] }, new Date());
    const { callbackData } = await import('../../src/bot/channels/telegram/render.ts');
    await postUpdate(service, pressUpdate(id, callbackData(long), 1));
    // The district is unknown, so the core asks where the resident is (not the main menu).
    expect(fake.sentTo(id).at(-1)?.text).toContain('Bạn đang ở xã, phường nào');
    await postUpdate(service, pressUpdate(id, callbackData(`${long}x`), 1));
    expect(fake.sentTo(id).at(-1)?.text).toContain('Bạn cần gì?');
  });

  it('/deletedata leaves no row with the chat id, message ids included', async () => {
    const id = newChat();
    await postUpdate(service, textUpdate(id, '/subscribe'));
    expect(await tablesContaining(service, String(id))).toEqual(
      expect.arrayContaining(['subscribers', 'sessions', 'telegram_messages']),
    );
    await postUpdate(service, textUpdate(id, '/deletedata'));
    expect(await tablesContaining(service, String(id))).toEqual([]);
  });

  it('keeps message ids 48 hours at most', async () => {
    const id = String(newChat());
    const now = new Date('2026-03-08T09:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600 * 1000);
    await recordMessages(service.database.db, id, [1], hoursAgo(49));
    await recordMessages(service.database.db, id, [2], hoursAgo(47));
    await purgeExpired(service.database, now);
    expect(await messagesSince(service.database.db, id, new Date(0))).toEqual([2]);
  });
});
