import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelConfigError,
  ChannelRejectedError,
  RecipientGoneError,
} from '../../src/bot/channels/errors.ts';
import { ZaloBotClient } from '../../src/bot/channels/zalo-bot/client.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { expectConnectionErrors, expectLongRetryAfterHolds, failure } from '../support/bot-client.ts';
import { TOKEN } from './support.ts';

/** The outgoing table: a request -> what the fake answers -> what the client throws. */
const OUTGOING = [
  {
    name: 'blocked chat',
    method: 'sendMessage',
    body: { chat_id: 'blocked', text: 'hi' },
    error: RecipientGoneError,
  },
  {
    name: 'text over 2000 characters',
    method: 'sendMessage',
    body: { chat_id: 'c1', text: 'x'.repeat(2001) },
    error: ChannelRejectedError,
  },
  {
    name: 'empty text',
    method: 'sendMessage',
    body: { chat_id: 'c1', text: '' },
    error: ChannelRejectedError,
  },
  { name: 'no chat id', method: 'sendMessage', body: { text: 'hi' }, error: ChannelRejectedError },
  {
    name: 'photo that is not a URL',
    method: 'sendPhoto',
    body: { chat_id: 'c1', photo: '/etc/passwd' },
    error: ChannelRejectedError,
  },
  {
    name: 'caption over 2000 characters',
    method: 'sendPhoto',
    body: { chat_id: 'c1', photo: 'https://x.example/p.png', caption: 'y'.repeat(2001) },
    error: ChannelRejectedError,
  },
  { name: 'unknown method', method: 'sendPoll', body: {}, error: ChannelConfigError },
] as const;

describe('Zalo Bot client against the fake API', () => {
  let fake: FakeZaloBotApi;
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN, sendsPerSecond: 1000 });
    fake.blocked.add('blocked');
  });
  afterAll(() => fake?.close());

  it.each(OUTGOING)('$name -> $error.name', async (c) => {
    const client = new ZaloBotClient(TOKEN, fake.url);
    const err = await failure(client.call(c.method, c.body));
    expect(err).toBeInstanceOf(c.error);
    expect(err.retryable).toBe(false);
    expect(JSON.stringify({ m: err.message, s: err.stack })).not.toContain(TOKEN);
  });

  it('sends text, a photo with a caption and the typing action', async () => {
    const client = new ZaloBotClient(TOKEN, fake.url);
    await expect(client.call('sendMessage', { chat_id: 'ok1', text: 'Xin chào' })).resolves.toMatchObject({
      message_id: expect.any(String),
    });
    await expect(client.sendPhoto('ok1', 'https://x.example/p.png', 'Áp phích')).resolves.toMatchObject({
      message_id: expect.any(String),
    });
    await client.call('sendChatAction', { chat_id: 'ok1', action: 'typing' });
    expect(fake.callsOf('sendPhoto').at(-1)?.body).toEqual({
      chat_id: 'ok1',
      photo: 'https://x.example/p.png',
      caption: 'Áp phích',
    });
    expect(fake.callsOf('sendChatAction').at(-1)?.body).toEqual({ chat_id: 'ok1', action: 'typing' });
  });

  it('reports a wrong token as a configuration error', async () => {
    const client = new ZaloBotClient('1:wrong', fake.url);
    const err = await failure(client.call('getMe'));
    expect(err).toBeInstanceOf(ChannelConfigError);
    expect(err.message).toContain('ZALO_BOT_TOKEN');
  });

  it('reports 5xx and an unreachable API as connection errors, without the token', async () => {
    await expectConnectionErrors(ZaloBotClient, fake, TOKEN);
  });

  it('refuses getUpdates while a webhook is set, as the platform does', async () => {
    const client = new ZaloBotClient(TOKEN, fake.url);
    await expect(
      client.call('setWebhook', { url: 'https://h.example/w', secret_token: 'short' }),
    ).rejects.toMatchObject({ code: 400 });
    await client.call('setWebhook', { url: 'https://h.example/w', secret_token: 'long-enough-secret' });
    await expect(client.call('getUpdates', { timeout: '1' })).rejects.toMatchObject({ code: 409 });
    await client.call('deleteWebhook');
    // Nothing queued: the long poll ends with 408 "Request timeout".
    await expect(client.call('getUpdates', { timeout: '1' })).rejects.toMatchObject({ code: 408 });
  });

  it('waits out a short retry_after in-process and then sends', async () => {
    const client = new ZaloBotClient(TOKEN, fake.url);
    fake.failNext.set('sendMessage', [{ status: 429, description: 'Too Many Requests', retry_after: 1 }]);
    const started = Date.now();
    await client.call('sendMessage', { chat_id: 'rate', text: 'one' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.textsTo('rate')).toEqual(['one', 'one']);
  });

  it('throws Throttled for a long retry_after and sends nothing until it has passed', async () => {
    await expect(
      expectLongRetryAfterHolds(ZaloBotClient, fake, TOKEN, 'Too Many Requests'),
    ).resolves.toBeTruthy();
  });

  it('paces sends at the configured rate, so a fake limit of 5/s is never hit', async () => {
    const limited = await startFakeZaloBot({ token: TOKEN, sendsPerSecond: 5 });
    try {
      const client = new ZaloBotClient(TOKEN, limited.url, { rate: 4 });
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => client.call('sendMessage', { chat_id: `p${i}`, text: `${i}` })),
      );
      const elapsed = Date.now() - started;
      // 8 sends at 4/s: the last starts 7 intervals (1.75 s) after the first.
      expect(elapsed).toBeGreaterThanOrEqual(1700);
      expect(limited.callsOf('sendMessage')).toHaveLength(8);
      // Too fast a rate meets the platform's 429 (and waits it out instead of failing).
      const fast = new ZaloBotClient(TOKEN, limited.url, { rate: 1000 });
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => fast.call('sendMessage', { chat_id: `f${i}`, text: `${i}` })),
      );
      expect(limited.callsOf('sendMessage').length).toBeGreaterThan(16);
    } finally {
      await limited.close();
    }
  });
});
