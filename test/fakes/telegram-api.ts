/**
 * A local fake of the Telegram Bot API for tests: serves /bot<token>/<method> on 127.0.0.1, records
 * every call, and enforces the limits the real API enforces (docs/SOURCES.md): wrong token 401, text
 * 1-4096, inline keyboards of at most 8 a row and 100 in all, callback_data 1-64 bytes (400),
 * 30 messages/s overall in any sliding second (1000/s with allow_paid_broadcast) and 1 message/s per
 * chat after a short burst (429 with retry_after, then a pause of the whole bot during which every
 * send is answered 429 and counted in sentDuringPause), captions 0-1024, and 403 for chats that
 * blocked the bot. Sends are sendMessage, sendPhoto, sendVoice and sendAudio; each is recorded with
 * its arrival time in `sends`. The real telegraf talks to it over HTTP.
 */
import type { IncomingMessage } from 'node:http';
import { BotApiFake, fail, ok, type Reply } from './bot-api.ts';
import { SendLimiter } from './limits.ts';

export type { RecordedCall } from './bot-api.ts';
export { type InjectedFailure, maxInAnyWindow, type SendRecord } from './limits.ts';

export interface FakeTelegramOptions {
  token: string;
  username?: string;
  /**
   * Messages one chat may receive in any window of this many seconds (default 3: 1/s on average with
   * a burst of 3, as a bot's reply split in parts arrives; 1 = strictly 1 a second).
   */
  perChatBurst?: number;
  /** Messages over all chats in any sliding 1000 ms (default 30). */
  globalPerSecond?: number;
  /** The same for sends with allow_paid_broadcast: true (default 1000). */
  paidPerSecond?: number;
  /** retry_after (seconds) answered when a limit is exceeded, and the pause that follows (default 1). */
  retryAfterS?: number;
}

/** The Bot API methods that put a message in a chat. */
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendVoice', 'sendAudio']);
/** Bot API: text 1-4096 characters, captions 0-1024 (core.telegram.org/bots/api#sendphoto). */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** The running fake; close() it after the test. */
export class FakeTelegramApi extends BotApiFake {
  private nextMessageId = 1000;

  constructor(readonly opts: FakeTelegramOptions) {
    super(
      new SendLimiter({
        perSecond: opts.globalPerSecond ?? 30,
        paidPerSecond: opts.paidPerSecond ?? 1000,
        perChatBurst: opts.perChatBurst ?? 3,
        retryAfterS: opts.retryAfterS ?? 1,
      }),
      {
        token: opts.token,
        name: 'Bot API',
        sends: SEND_METHODS,
        tooMany: (retryAfter) => `Too Many Requests: retry after ${retryAfter}`,
      },
    );
  }

  /** Messages the bot sent to one chat, in order. */
  sentTo(chatId: string | number): Array<Record<string, unknown>> {
    return this.callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === String(chatId))
      .map((c) => c.body);
  }

  protected chatOf(body: Record<string, unknown>): string {
    return String(body.chat_id ?? '');
  }

  protected override paid(body: Record<string, unknown>): boolean {
    return body.allow_paid_broadcast === true;
  }

  protected async deliver(method: string, body: Record<string, unknown>): Promise<Reply> {
    return this.send(method, body);
  }

  protected async answer(
    method: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
  ): Promise<Reply> {
    switch (method) {
      case 'getMe':
        return ok({
          id: 7000001,
          is_bot: true,
          first_name: 'Hoa Ban',
          username: this.opts.username ?? 'hoaban_test_bot',
        });
      case 'setWebhook':
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'deleteMessage':
        return ok(true);
      case 'getUpdates':
        return ok(await this.updates(body, req));
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  private async updates(body: Record<string, unknown>, req: IncomingMessage): Promise<unknown[]> {
    const offset = Number(body.offset ?? 0);
    const drop = () => {
      while (this.queue.length && Number((this.queue[0] as { update_id: number }).update_id) < offset)
        this.queue.shift();
    };
    drop();
    if (this.queue.length === 0) {
      await this.waitForUpdate(Math.min(Number(body.timeout ?? 0), 50) * 1000, req);
      drop();
    }
    return this.queue.slice(0, Number(body.limit ?? 100));
  }

  /** The platform's own checks of a send that the limiter admitted. */
  private send(method: string, body: Record<string, unknown>): Reply {
    const chatId = String(body.chat_id ?? '');
    if (!chatId) return fail(400, 'Bad Request: chat_id is empty');
    const now = Date.now();
    const base = {
      message_id: this.nextMessageId,
      date: Math.floor(now / 1000),
      chat: { id: Number(chatId), type: 'private' },
    };
    if (method === 'sendMessage') {
      const text = typeof body.text === 'string' ? body.text : '';
      if (text.length === 0) return fail(400, 'Bad Request: message text is empty');
      if (text.length > MAX_TEXT) return fail(400, 'Bad Request: message is too long');
      const refused = checkKeyboard(body);
      if (refused) return refused;
    } else {
      const field = method === 'sendPhoto' ? 'photo' : method === 'sendVoice' ? 'voice' : 'audio';
      const file = body[field];
      if (typeof file !== 'string' || file.length === 0)
        return fail(400, `Bad Request: there is no ${field} in the request`);
      const caption = body.caption;
      if (caption !== undefined && (typeof caption !== 'string' || caption.length > MAX_CAPTION))
        return fail(400, 'Bad Request: message caption is too long');
    }
    if (this.blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
    this.nextMessageId++;
    return ok(method === 'sendMessage' ? { ...base, text: body.text } : { ...base, caption: body.caption });
  }
}

/** Inline keyboards: at most 8 a row, 100 in all, callback_data 1-64 bytes. */
function checkKeyboard(body: Record<string, unknown>): Reply | undefined {
  const keyboard = (
    body.reply_markup as { inline_keyboard?: Array<Array<Record<string, unknown>>> } | undefined
  )?.inline_keyboard;
  if (!keyboard) return undefined;
  if (keyboard.some((row) => row.length > 8)) return fail(400, 'Bad Request: too many buttons in a row');
  if (keyboard.flat().length > 100) return fail(400, 'Bad Request: reply markup is too long');
  for (const b of keyboard.flat()) {
    const data = b.callback_data;
    if (data !== undefined && (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data) > 64))
      return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
  }
  return undefined;
}

/** Starts a fake on a free port. */
export function startFakeTelegram(opts: FakeTelegramOptions): Promise<FakeTelegramApi> {
  return new FakeTelegramApi(opts).start();
}
