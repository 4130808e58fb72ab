/** Builders of Telegram updates for one chat, and the env that points the service at the fake. */
import type { InjectOptions } from 'fastify';
import { afterEach } from 'vitest';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, type FakeTelegramOptions, startFakeTelegram } from '../fakes/telegram-api.ts';

export const TOKEN = '123456789:AAH-test_token-ZZZ';
export const SECRET = 'webhook_secret-123';

export function telegramEnv(
  fake: FakeTelegramApi,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.url, WEBCHAT: 'off', ...extra };
}

/**
 * A fake Bot API and a service per test, both closed after each test of the describe block that
 * calls this: `const fake = await t.fake(); const service = t.keep(await testService(...))`.
 */
export function telegramHarness() {
  let service: Service | undefined;
  let fake: FakeTelegramApi | undefined;
  afterEach(async () => {
    await service?.close();
    await fake?.close();
    service = fake = undefined;
  });
  return {
    async fake(opts: Partial<FakeTelegramOptions> = {}): Promise<FakeTelegramApi> {
      fake = await startFakeTelegram({ token: TOKEN, ...opts });
      return fake;
    },
    keep<S extends Service>(s: S): S {
      service = s;
      return s;
    },
  };
}

let nextUpdate = 900_000;
let nextMessage = 1;

/** A private text message from chat id (the user id is the chat id in private chats). */
export function textUpdate(chatId: number, text: string) {
  const message_id = nextMessage++;
  return {
    update_id: nextUpdate++,
    message: {
      message_id,
      date: 1767225600,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false },
      text,
    },
  };
}

export function locationUpdate(chatId: number, latitude: number, longitude: number) {
  const u = textUpdate(chatId, '');
  const { text: _t, ...message } = u.message;
  return { ...u, message: { ...message, location: { latitude, longitude } } };
}

/** A press on a button of the bot's message botMessageId. */
export function pressUpdate(chatId: number, data: string, botMessageId: number) {
  return {
    update_id: nextUpdate++,
    callback_query: {
      id: `cb${nextUpdate}`,
      from: { id: chatId, is_bot: false },
      chat_instance: '1',
      data,
      message: {
        message_id: botMessageId,
        date: 1767225600,
        chat: { id: chatId, type: 'private' },
        text: '…',
      },
    },
  };
}

export function blockedUpdate(chatId: number) {
  return {
    update_id: nextUpdate++,
    my_chat_member: {
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false },
      date: 1767225600,
      old_chat_member: { user: { id: 1, is_bot: true, first_name: 'Hoa Ban' }, status: 'member' },
      new_chat_member: {
        user: { id: 1, is_bot: true, first_name: 'Hoa Ban' },
        status: 'kicked',
        until_date: 0,
      },
    },
  };
}

/** POSTs an update to the webhook with the right secret unless told otherwise. */
export function postUpdate(service: Service, body: unknown, secret: string | null = SECRET) {
  const opts: InjectOptions = {
    method: 'POST',
    url: '/webhooks/telegram',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  };
  return service.app.inject(opts);
}
