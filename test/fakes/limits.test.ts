import { afterEach, describe, expect, it } from 'vitest';
import { maxInAnyWindow, SendLimiter } from './limits.ts';
import { type FakeTelegramApi, startFakeTelegram } from './telegram-api.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from './zalo-bot-api.ts';

const WINDOWS = [
  { times: [], expected: 0 },
  { times: [0, 999], expected: 2 },
  { times: [0, 1000], expected: 1 },
  { times: [0, 100, 200, 1100, 1150], expected: 3 },
  { times: [500, 0, 250], expected: 3 },
];

describe('maxInAnyWindow', () => {
  it.each(WINDOWS)('$times -> $expected', ({ times, expected }) => {
    expect(maxInAnyWindow(times)).toBe(expected);
  });
});

describe('SendLimiter', () => {
  it('refuses above the rate, pauses, counts every send during the pause, then accepts again', () => {
    const l = new SendLimiter({ perSecond: 2, retryAfterS: 1 });
    const send = (at: number) => {
      const v = l.admit('sendMessage', `c${at}`, false, at);
      if (v.accepted) l.accept(v.record);
      return v.accepted;
    };
    expect([send(0), send(10), send(20), send(30), send(900), send(1021)]).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(l.rateExceeded).toBe(1);
    expect(l.sentDuringPause).toBe(2);
    expect(maxInAnyWindow(l.acceptedTimes())).toBe(2);
  });

  it('per chat: a burst, then 429; paid sends have their own overall rate', () => {
    const l = new SendLimiter({ perSecond: 1, paidPerSecond: 100, perChatBurst: 1 });
    const a = l.admit('sendMessage', 'a', true, 0);
    if (a.accepted) l.accept(a.record);
    const b = l.admit('sendMessage', 'b', true, 1);
    if (b.accepted) l.accept(b.record);
    expect([a.accepted, b.accepted]).toEqual([true, true]);
    expect(l.admit('sendMessage', 'a', true, 2)).toMatchObject({ accepted: false, reason: 'per_chat' });
  });
});

describe('fake Telegram limits', () => {
  let fake: FakeTelegramApi | undefined;
  afterEach(() => fake?.close());

  it('answers 429 with retry_after above 30 in a second and counts sends during the pause', async () => {
    fake = await startFakeTelegram({ token: 't:1', globalPerSecond: 5, retryAfterS: 2 });
    const post = (i: number) =>
      fetch(`${fake?.url}/bott:1/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: String(i), text: 'x' }),
      }).then((r) => r.json() as Promise<{ ok: boolean; parameters?: { retry_after: number } }>);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await post(i));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers[5]).toMatchObject({ ok: false, parameters: { retry_after: 2 } });
    expect(fake.sentDuringPause).toBe(2);
    expect(fake.maxPerWindow()).toBe(5);
    expect([...fake.acceptedByChat().keys()]).toEqual(['0', '1', '2', '3', '4']);
    expect(fake.sends[0]).toMatchObject({ method: 'sendMessage', chatId: '0', accepted: true, status: 200 });
  });

  it('injected failures: 500, then 429 with a pause, then normal', async () => {
    fake = await startFakeTelegram({ token: 't:1' });
    fake.inject(1, { status: 500 });
    fake.inject(1, { status: 429, retryAfter: 1 });
    const post = () =>
      fetch(`${fake?.url}/bott:1/sendPhoto`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: '9', photo: 'https://x.example/a.jpg', caption: 'c' }),
      }).then((r) => r.status);
    expect([await post(), await post(), await post()]).toEqual([500, 429, 429]);
    expect(fake.sentDuringPause).toBe(1);
    await new Promise((r) => setTimeout(r, 1050));
    expect(await post()).toBe(200);
  });
});

describe('fake Zalo Bot limits', () => {
  let fake: FakeZaloBotApi | undefined;
  afterEach(() => fake?.close());

  it('answers 429 above its rate and drops the socket for an injected time-out', async () => {
    fake = await startFakeZaloBot({ token: 'zb', sendsPerSecond: 2 });
    const post = () =>
      fetch(`${fake?.url}/botzb/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: 'c', text: 'x' }),
      }).then((r) => r.status);
    expect([await post(), await post(), await post()]).toEqual([200, 200, 429]);
    await new Promise((r) => setTimeout(r, 1050));
    fake.inject(1, { timeout: true, afterMs: 50 });
    await expect(post()).rejects.toThrow();
  });
});
