import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelConfigError,
  ChannelRejectedError,
  RecipientGoneError,
} from '../../src/bot/channels/errors.ts';
import { TelegramClient } from '../../src/bot/channels/telegram/client.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { expectConnectionErrors, expectLongRetryAfterHolds, failure } from '../support/bot-client.ts';
import { TOKEN } from './support.ts';

/** The outgoing table: what the fake answers -> what the client throws. */
const OUTGOING = [
  { name: 'blocked chat', chat: 'blocked', text: 'hi', error: RecipientGoneError, retryable: false },
  {
    name: 'text over 4096 characters',
    chat: '1',
    text: 'x'.repeat(4097),
    error: ChannelRejectedError,
    retryable: false,
  },
  { name: 'empty text', chat: '1', text: '', error: ChannelRejectedError, retryable: false },
] as const;

describe('Telegram client against the fake Bot API', () => {
  let fake: FakeTelegramApi;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, perChatBurst: 1 });
    fake.blocked.add('blocked');
  });
  afterAll(() => fake?.close());

  it.each(OUTGOING)('$name -> $error.name', async (c) => {
    const client = new TelegramClient(TOKEN, fake.url);
    const err = await failure(client.call('sendMessage', { chat_id: c.chat, text: c.text }));
    expect(err).toBeInstanceOf(c.error);
    expect(err.retryable).toBe(c.retryable);
    expect(String(err.message)).not.toContain(TOKEN);
  });

  it('rejects a keyboard with too many buttons in a row or callback_data over 64 bytes', async () => {
    const client = new TelegramClient(TOKEN, fake.url);
    const row = Array.from({ length: 9 }, (_, i) => ({ text: `${i}`, callback_data: `${i}` }));
    await expect(
      client.call('sendMessage', { chat_id: 'k1', text: 'x', reply_markup: { inline_keyboard: [row] } }),
    ).rejects.toBeInstanceOf(ChannelRejectedError);
    const long = [{ text: 'L', callback_data: 'ề'.repeat(30) }];
    await expect(
      client.call('sendMessage', { chat_id: 'k2', text: 'x', reply_markup: { inline_keyboard: [long] } }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('waits out a short retry_after in-process (1 message/s per chat) and then sends', async () => {
    const client = new TelegramClient(TOKEN, fake.url);
    const started = Date.now();
    await client.call('sendMessage', { chat_id: 'rate', text: 'one' });
    await client.call('sendMessage', { chat_id: 'rate', text: 'two' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.sentTo('rate').map((m) => m.text)).toEqual(['one', 'two', 'two']);
  });

  it('throws Throttled for a long retry_after and sends nothing until it has passed', async () => {
    await expect(
      expectLongRetryAfterHolds(TelegramClient, fake, TOKEN, 'Too Many Requests: retry after 120'),
    ).resolves.toMatchObject({ text: 'x' });
  });

  it('reports a wrong token as a configuration error', async () => {
    const client = new TelegramClient('1:wrong', fake.url);
    await expect(client.call('getMe')).rejects.toBeInstanceOf(ChannelConfigError);
  });

  it('reports 5xx and an unreachable API as connection errors, without the token', async () => {
    await expectConnectionErrors(TelegramClient, fake, TOKEN);
  });
});
