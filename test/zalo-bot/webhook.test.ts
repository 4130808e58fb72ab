import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSession } from '../../src/db/queries/conversation.ts';
import { getSubscriber } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { testDatabases } from '../support/db.ts';
import { rowCount, scrapeMetrics, tablesContaining, testService } from '../support/service.ts';
import { GROUP, INCOMING, payload, USER } from './cases.ts';
import { PUBLIC_URL, postUpdate, SECRET, TOKEN, textUpdate, zaloBotEnv } from './support.ts';

describe.each(testDatabases)('Zalo Bot webhook against the fake API on $name', (kind) => {
  let fake: FakeZaloBotApi;
  let service: Service;
  let n = 0;
  const newChat = () => `zchat${kind.name}${++n}x`;
  /** Posts a text and returns what the bot sent back to that chat for it. */
  const say = async (chatId: string, text: string) => {
    const before = fake.textsTo(chatId).length;
    const res = await postUpdate(service, textUpdate(chatId, text));
    expect(res.statusCode).toBe(200);
    return fake.textsTo(chatId).slice(before).join('\n\n');
  };
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    service = await testService(kind, zaloBotEnv(fake));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('checks the token and registers the webhook with its secret on start; no polling', () => {
    expect(fake.callsOf('getMe')).toHaveLength(1);
    expect(fake.callsOf('setWebhook')[0]?.body).toEqual({
      url: `${PUBLIC_URL}/webhooks/zalo-bot`,
      secret_token: SECRET,
    });
    expect(fake.webhook.url).toBe(`${PUBLIC_URL}/webhooks/zalo-bot`);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it.each(INCOMING)('recorded $file: 200, answered only where the bot serves', async (c) => {
    const target = c.answersIn ?? USER;
    const before = fake.textsTo(target).length;
    const groupBefore = fake.textsTo(GROUP).length;
    const res = await postUpdate(service, payload(c.file));
    expect(res.statusCode).toBe(200);
    const sent = fake.textsTo(target).slice(before);
    if (c.answersIn) {
      expect(sent.length).toBeGreaterThan(0);
      if (c.answerText) expect(sent.join('\n')).toContain(c.answerText);
    } else {
      expect(sent).toEqual([]);
    }
    if (c.file === 'group_message') expect(fake.textsTo(GROUP)).toHaveLength(groupBefore);
  });

  it('answers a question with the article it rests on, after showing it is typing', async () => {
    const id = newChat();
    const actions = fake.callsOf('sendChatAction').length;
    const answer = await say(id, 'nghỉ thai sản mấy tháng');
    expect(answer).toContain('Căn cứ: Điều 139');
    expect(
      fake
        .callsOf('sendChatAction')
        .slice(actions)
        .map((c) => c.body),
    ).toEqual([{ chat_id: id, action: 'typing' }]);
  });

  it('shows the menu as a numbered list; a typed "2" does what the second entry says', async () => {
    const id = newChat();
    const welcome = await say(id, '/start');
    expect(welcome).toMatch(/\n1\. .+\n2\. Tìm nơi hỗ trợ\n3\. /);
    const session = await getSession(service.database.db, { channel: 'zalo-bot', chatId: id });
    expect(session?.lastButtons?.[1]).toBe('menu:directory');
    const asked = await say(id, '2');
    expect(asked).toContain('Bạn đang ở xã, phường nào?');
    // No location on Zalo Bot: the question does not ask for one.
    expect(asked).not.toContain('gửi vị trí');
    const help = await say(id, 'Chiềng Lao');
    expect(help).toContain('Chiềng Lao');
    expect(help).toContain('113');
    // A number beyond the list is answered, not guessed.
    const menu = await say(id, 'menu');
    const entries = menu.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    expect(await say(id, String(entries + 1))).toContain('Mình chưa hiểu lựa chọn này.');
  });

  it('finds help by commune without a menu first', async () => {
    const id = newChat();
    const help = await say(id, 'tìm nơi hỗ trợ ở Chiềng Lao');
    expect(help).toContain('Chiềng Lao');
    expect(help).toContain('113');
  });

  it('subscribes, then deletes everything kept about the chat', async () => {
    const id = newChat();
    await say(id, '/subscribe');
    const key = { channel: 'zalo-bot', chatId: id };
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(true);
    expect(await tablesContaining(service, id)).toEqual(expect.arrayContaining(['subscribers', 'sessions']));
    const done = await say(id, 'xóa dữ liệu');
    expect(done).toContain('Đã xóa mọi thông tin');
    expect(await tablesContaining(service, id)).toEqual([]);
  });

  it('never offers "erase this chat": the bot cannot delete messages on Zalo', async () => {
    const id = newChat();
    const answer = await say(id, 'chồng tôi đang đánh tôi');
    expect(answer).toContain('113');
    expect(answer).not.toContain('Xóa cuộc trò chuyện');
    const erase = await say(id, '/erase');
    expect(erase).toContain('không thể xóa tin nhắn');
  });

  it('rejects a bad or missing secret with 401 before reading the body, and stores nothing', async () => {
    const id = newChat();
    const before = await rowCount(service, 'processed_updates');
    for (const secret of ['wrong-secret', null, `${SECRET}x`, '', SECRET.slice(0, -1)]) {
      expect((await postUpdate(service, textUpdate(id, '/subscribe'), secret)).statusCode).toBe(401);
    }
    expect((await postUpdate(service, '{not json', 'wrong-secret')).statusCode).toBe(401);
    expect(await rowCount(service, 'processed_updates')).toBe(before);
    expect(await tablesContaining(service, id)).toEqual([]);
    expect(fake.textsTo(id)).toEqual([]);
  });

  it.each([
    ['invalid JSON', '{"ok": true, "result": {'],
    ['no event_name', { ok: true, result: {} }],
    ['a string', '"hello"'],
    ['a message without a chat', { event_name: 'message.text.received', message: { date: 1, text: 'x' } }],
  ])('answers a malformed body (%s) with 400 and a message, storing nothing', async (_name, body) => {
    const before = await rowCount(service, 'processed_updates');
    const res = await postUpdate(service, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBeTruthy();
    expect(await rowCount(service, 'processed_updates')).toBe(before);
  });

  it('handles the same update twice only once (with or without a message_id)', async () => {
    for (const messageId of [undefined, null]) {
      const id = newChat();
      const u = textUpdate(id, '/subscribe', { messageId });
      const [a, b] = await Promise.all([postUpdate(service, u), postUpdate(service, u)]);
      const c = await postUpdate(service, u);
      expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
      expect(fake.textsTo(id)).toHaveLength(1);
    }
    const metrics = await scrapeMetrics(service);
    expect(metrics).toMatch(/hoaban_updates_duplicate_total\{channel="zalo-bot"\} [4-9]/);
    expect(metrics).toMatch(/hoaban_updates_handled_total\{channel="zalo-bot"\} \d/);
    expect(metrics).toMatch(/hoaban_replies_sent_total\{channel="zalo-bot"\} \d/);
    expect(metrics).toMatch(/hoaban_webhook_latency_seconds_count\{channel="zalo-bot"\} \d/);
  });

  it('unsubscribes a user when a send answers 403, still answers 200, and reports it on send()', async () => {
    const id = newChat();
    await say(id, '/subscribe');
    fake.blocked.add(id);
    const res = await postUpdate(service, textUpdate(id, 'menu'));
    expect(res.statusCode).toBe(200);
    const key = { channel: 'zalo-bot', chatId: id };
    expect((await getSubscriber(service.database.db, key))?.subscribed).toBe(false);
    const zalo = service.channels.find((c) => c.name === 'zalo-bot');
    await expect(zalo?.send(id, [{ text: 'Tin tuyên truyền' }])).rejects.toMatchObject({
      name: 'RecipientGoneError',
    });
  });

  it('sends outside a turn with the menu numbered and the long text split', async () => {
    const id = newChat();
    const zalo = service.channels.find((c) => c.name === 'zalo-bot');
    const long = Array.from({ length: 5 }, (_, i) => `Đoạn ${i + 1}. ${'Bình đẳng giới. '.repeat(40)}`).join(
      '\n\n',
    );
    await zalo?.send(id, [{ text: long, buttons: [{ id: 'menu:home', label: 'Về đầu' }] }]);
    const sent = fake.textsTo(id);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((t) => t.length <= 2000)).toBe(true);
    expect(sent.at(-1)).toMatch(/\n\n1\. Về đầu$/);
  });
});
