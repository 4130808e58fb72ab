/**
 * Checks the Telegram and the Zalo Bot client must both pass against their fake API, written once so
 * the two platforms are held to the same rules on connection errors and long retry_after pauses.
 */
import { expect } from 'vitest';
import { ChannelConnectionError, ChannelThrottledError } from '../../src/bot/channels/errors.ts';
import type { BotApiFake } from '../fakes/bot-api.ts';

/** What the checks need of a bot client. */
export interface BotClient {
  call(method: string, payload?: object): Promise<unknown>;
}

/** A client class of one platform: token, API root and an optional clock. */
export type BotClientClass = new (token: string, apiRoot: string, opts?: { now?: () => number }) => BotClient;

/** The error a call fails with; a call that succeeds fails the test. */
export const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as Error & { retryable: boolean; retryAfter?: number; code?: number },
  );

/** A 5xx and an unreachable API are retryable connection errors whose text never carries the token. */
export async function expectConnectionErrors(Client: BotClientClass, fake: BotApiFake, token: string) {
  const client = new Client(token, fake.url);
  fake.failNext.set('getMe', [{ status: 502, description: 'Bad Gateway' }]);
  await expect(client.call('getMe')).rejects.toBeInstanceOf(ChannelConnectionError);
  const down = new Client(token, 'http://127.0.0.1:9');
  const err = await failure(down.call('getMe'));
  expect(err).toBeInstanceOf(ChannelConnectionError);
  expect(err.retryable).toBe(true);
  expect(
    JSON.stringify({ m: err.message, s: err.stack, c: (err as { cause?: unknown }).cause }),
  ).not.toContain(token);
}

/**
 * A 429 with retry_after 120 throws Throttled, holds every chat of the bot without a request to the
 * API, and lets the next send through once it has passed; returns what that send answered.
 */
export async function expectLongRetryAfterHolds(
  Client: BotClientClass,
  fake: BotApiFake,
  token: string,
  description: string,
): Promise<unknown> {
  let now = 1_000_000;
  const client = new Client(token, fake.url, { now: () => now });
  fake.failNext.set('sendMessage', [{ status: 429, description, retry_after: 120 }]);
  const err = await failure(client.call('sendMessage', { chat_id: 'long', text: 'x' }));
  expect(err).toBeInstanceOf(ChannelThrottledError);
  expect(err.retryAfter).toBe(120);
  const calls = fake.callsOf('sendMessage').length;
  // The pause holds for every chat of this bot, without a request to the API.
  await expect(client.call('sendMessage', { chat_id: 'other', text: 'x' })).rejects.toBeInstanceOf(
    ChannelThrottledError,
  );
  expect(fake.callsOf('sendMessage')).toHaveLength(calls);
  now += 121_000;
  return client.call('sendMessage', { chat_id: 'other', text: 'x' });
}
