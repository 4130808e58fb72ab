/** Builders of Zalo Bot updates for one chat, and the env that points the service at the fake. */
import type { InjectOptions } from 'fastify';
import type { Service } from '../../src/service.ts';
import type { FakeZaloBotApi } from '../fakes/zalo-bot-api.ts';

export const TOKEN = '1459232241454765289:zbTestTokenAbcXyz0123456789';
export const SECRET = 'zalo-bot-webhook-secret-42';
export const PUBLIC_URL = 'https://hoaban.example.org';

/** The env of a service with the Zalo Bot on the fake (webhook mode unless polling is asked for). */
export function zaloBotEnv(fake: FakeZaloBotApi, mode: 'webhook' | 'polling' = 'webhook') {
  const env: Record<string, string> = { ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_API_ROOT: fake.url, WEBCHAT: 'off' };
  if (mode === 'webhook') Object.assign(env, { PUBLIC_URL, ZALO_BOT_WEBHOOK_SECRET: SECRET });
  return env;
}

let nextMessage = 1;

/** The inner update of a private text message from chat id (the user id is the chat id). */
export function textEvent(
  chatId: string,
  text: string,
  opts: { messageId?: string | null; chatType?: string } = {},
) {
  const id = opts.messageId === undefined ? `msg${String(nextMessage++).padStart(6, '0')}` : opts.messageId;
  return {
    event_name: 'message.text.received',
    message: {
      chat: { id: chatId, chat_type: opts.chatType ?? 'PRIVATE' },
      from: { id: chatId, display_name: 'Người dùng' },
      text,
      ...(id === null ? {} : { message_id: id }),
      date: 1767225600000 + nextMessage,
    },
  };
}

/** The webhook body of a text message: the update inside {ok, result}. */
export function textUpdate(chatId: string, text: string, opts: { messageId?: string | null } = {}) {
  return { ok: true, result: textEvent(chatId, text, opts) };
}

/** POSTs a body to the webhook with the right secret unless told otherwise. */
export function postUpdate(service: Service, body: unknown, secret: string | null = SECRET) {
  const opts: InjectOptions = {
    method: 'POST',
    url: '/webhooks/zalo-bot',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-bot-api-secret-token': secret }),
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  };
  return service.app.inject(opts);
}
