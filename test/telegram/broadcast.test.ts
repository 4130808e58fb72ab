import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelThrottledError, RecipientGoneError } from '../../src/bot/channels/errors.ts';
import type { TelegramAdapter } from '../../src/bot/channels/telegram/adapter.ts';
import { TELEGRAM_MAX_CAPTION } from '../../src/bot/channels/telegram/broadcast.ts';
import type { BroadcastMessage } from '../../src/bot/channels/types.ts';
import { getSubscriber, subscribe } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { TestGate } from '../fakes/gate.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN, telegramEnv } from './support.ts';

const IMG = 'https://radio.example.vn/anh/8-3.jpg';
const long = (n: number) =>
  Array.from({ length: n }, (_, i) => `Đoạn ${i + 1}. ${'chữ '.repeat(60)}`).join('\n\n');

/** The outgoing table: broadcast message -> the Bot API requests made, in order. */
const CASES: Array<{ name: string; msg: BroadcastMessage; paid?: boolean; calls: Array<[string, object]> }> =
  [
    {
      name: 'short text',
      msg: { text: 'Chúc mừng 8/3' },
      calls: [['sendMessage', { text: 'Chúc mừng 8/3' }]],
    },
    {
      name: 'text over 4096 split on paragraphs',
      msg: { text: long(20) },
      calls: [
        ['sendMessage', {}],
        ['sendMessage', {}],
      ],
    },
    {
      name: 'image with a short caption',
      msg: { text: 'Tháng hành động', media: { kind: 'image', url: IMG } },
      calls: [['sendPhoto', { photo: IMG, caption: 'Tháng hành động' }]],
    },
    {
      name: 'image with a text over the caption limit: photo, then the text',
      msg: { text: 'a'.repeat(TELEGRAM_MAX_CAPTION + 1), media: { kind: 'image', url: IMG } },
      calls: [
        ['sendPhoto', { photo: IMG }],
        ['sendMessage', { text: 'a'.repeat(TELEGRAM_MAX_CAPTION + 1) }],
      ],
    },
    {
      name: 'audio in OGG goes as a voice note',
      msg: {
        text: 'Bản tin tiếng Thái',
        media: { kind: 'audio', url: 'https://r.example.vn/thai.ogg?v=2', lang: 'thai' },
      },
      calls: [['sendVoice', { voice: 'https://r.example.vn/thai.ogg?v=2', caption: 'Bản tin tiếng Thái' }]],
    },
    {
      name: 'audio in MP3 goes as an audio file',
      msg: { text: 'Bản tin', media: { kind: 'audio', url: 'https://r.example.vn/hmong.mp3' } },
      calls: [['sendAudio', { audio: 'https://r.example.vn/hmong.mp3', caption: 'Bản tin' }]],
    },
    {
      name: 'paid broadcast sets allow_paid_broadcast',
      msg: { text: 'Trả phí' },
      paid: true,
      calls: [['sendMessage', { text: 'Trả phí', allow_paid_broadcast: true }]],
    },
  ];

describe.each(testDatabases)('Telegram broadcasts on $name', (kind) => {
  let fake: FakeTelegramApi;
  let service: Service;
  let tg: TelegramAdapter;
  let chat = 5_000_000;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    service = await testService(kind, telegramEnv(fake));
    tg = service.channels.find((c) => c.name === 'telegram') as TelegramAdapter;
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it.each(CASES)('$name', async (c) => {
    const id = String(chat++);
    const gate = new TestGate();
    const sent = await tg.sendBroadcast(id, c.msg, gate, { paid: c.paid });
    const calls = fake.calls.filter((x) => String(x.body.chat_id) === id);
    expect(calls.map((x) => x.method)).toEqual(c.calls.map(([m]) => m));
    for (const [i, [, body]] of c.calls.entries()) expect(calls[i]?.body).toMatchObject(body);
    if (!c.paid) for (const x of calls) expect(x.body).not.toHaveProperty('allow_paid_broadcast');
    expect(sent).toEqual(c.paid ? { as: 'paid' } : {});
    expect(gate.acquired).toBe(c.calls.length);
    // Parts to one chat at least 1 s apart at the server.
    const times = fake.sends.filter((s) => s.chatId === id).map((s) => s.at);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    for (const x of calls)
      if (x.method === 'sendMessage') expect(String(x.body.text).length).toBeLessThanOrEqual(4096);
  });

  it('a 429 on the first part pauses the gate and rethrows, with nothing retried in-process', async () => {
    const id = String(chat++);
    fake.inject(1, { status: 429, retryAfter: 7 });
    const gate = new TestGate();
    const err = await tg.sendBroadcast(id, { text: 'x' }, gate).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelThrottledError);
    expect((err as ChannelThrottledError).retryAfter).toBe(7);
    expect(gate.pauses).toEqual([7]);
    expect(fake.sends.filter((s) => s.chatId === id)).toHaveLength(1);
    fake.limiter.pausedUntil = 0;
  });

  it('a 429 on the second part is retried after the pause, and the message completes', async () => {
    const id = String(chat++);
    const gate = new TestGate();
    const msg: BroadcastMessage = { text: 'b'.repeat(2000), media: { kind: 'image', url: IMG } };
    const p = tg.sendBroadcast(id, msg, gate);
    // The photo goes at once; the text waits 1 s (per-chat spacing): throttle that one.
    await fake.waitFor((calls) => calls.some((c) => String(c.body.chat_id) === id));
    fake.inject(1, { status: 429, retryAfter: 1 });
    await p;
    const sends = fake.sends.filter((s) => s.chatId === id);
    expect(sends.map((s) => [s.method, s.accepted])).toEqual([
      ['sendPhoto', true],
      ['sendMessage', false],
      ['sendMessage', true],
    ]);
    expect(gate.pauses).toEqual([1]);
    expect(fake.sentDuringPause).toBe(0);
  });

  it('403 unsubscribes the recipient and throws RecipientGoneError', async () => {
    const id = String(chat++);
    const db = service.database.db;
    await subscribe(db, { channel: 'telegram', chatId: id }, { locale: 'vi', unit: null, now: new Date() });
    fake.blocked.add(id);
    const err = await tg.sendBroadcast(id, { text: 'x' }, new TestGate()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecipientGoneError);
    expect((await getSubscriber(db, { channel: 'telegram', chatId: id }))?.subscribed).toBe(false);
  });

  it('checkBroadcast answers ok for any chat', async () => {
    expect(await tg.checkBroadcast('1')).toEqual({ ok: true });
  });
});
