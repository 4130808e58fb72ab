/** What each send failure means for its delivery row, and a send that gets no answer in time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf } from '../../src/bot/broadcast/outcome.ts';
import {
  ChannelConfigError,
  ChannelConnectionError,
  ChannelRejectedError,
  ChannelThrottledError,
  ChannelTimeoutError,
  NotSendableError,
  RecipientGoneError,
} from '../../src/bot/channels/errors.ts';
import { TelegramClient } from '../../src/bot/channels/telegram/client.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { TOKEN } from '../telegram/support.ts';

describe('outcome of a failed send', () => {
  it.each([
    [new ChannelThrottledError(7), 1, { status: 'pending', afterMs: 7000, reason: 'throttled' }],
    [new NotSendableError('promotion_daily_cap'), 1, { status: 'skipped', reason: 'promotion_daily_cap' }],
    [new RecipientGoneError('blocked'), 1, { status: 'failed', reason: 'gone' }],
    [new ChannelTimeoutError('no answer'), 1, { status: 'unknown', reason: 'timeout' }],
    [new ChannelTimeoutError('no answer'), 3, { status: 'unknown', reason: 'timeout' }],
    [new ChannelConnectionError('refused'), 1, { status: 'pending', afterMs: 5000, reason: 'connection' }],
    [new ChannelConnectionError('refused'), 2, { status: 'pending', afterMs: 10000, reason: 'connection' }],
    [new ChannelConnectionError('refused'), 3, { status: 'failed', reason: 'connection' }],
    [new ChannelConfigError('bad token'), 1, { status: 'failed', reason: 'config' }],
    [new ChannelRejectedError(400, 'bad'), 1, { status: 'failed', reason: 'rejected:400' }],
    [new Error('other'), 1, { status: 'failed', reason: 'error' }],
  ])('%s on attempt %i', (err, attempt, expected) => {
    expect(outcomeOf(err, attempt)).toEqual(expected);
  });
});

describe('a broadcast send the Bot API does not answer', () => {
  let fake: FakeTelegramApi;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
  });
  afterAll(() => fake.close());

  it('times out as ChannelTimeoutError (fate unknown), not as a connection error to retry', async () => {
    const client = new TelegramClient(TOKEN, fake.url, { sendTimeoutMs: 300 });
    fake.inject(1, { timeout: true });
    const started = performance.now();
    const err = await client.callOnce('sendMessage', { chat_id: 1, text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelTimeoutError);
    expect(performance.now() - started).toBeLessThan(5000);
    // An answered call still works on the same client.
    await expect(client.callOnce('sendMessage', { chat_id: 2, text: 'y' })).resolves.toBeDefined();
  });
});
