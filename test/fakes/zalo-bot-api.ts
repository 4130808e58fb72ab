/**
 * A local fake of the Zalo Bot Platform API for tests: serves /bot<token>/<method> on 127.0.0.1,
 * records every call and enforces what the real API enforces (docs/SOURCES.md, bot.zaloplatforms.com/docs):
 * wrong token 401, text and caption 1-2000 (400), setWebhook secret_token 8-256 and an https url
 * (400), getUpdates refused while a webhook is set, a configurable send rate (429 with retry_after),
 * then a pause of the whole bot during which every send is answered 429 and counted in
 * sentDuringPause), and 403 for chats that blocked the bot. Every send is recorded with its arrival
 * time in `sends`. getUpdates gives one queued update per answer, or error
 * 408 "Request timeout" after the long-poll wait, as the real one does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BotApiFake, fail, ok, type Reply } from './bot-api.ts';
import { SendLimiter } from './limits.ts';

export type { RecordedCall } from './bot-api.ts';
export { type InjectedFailure, maxInAnyWindow, type SendRecord } from './limits.ts';

/** The bot's token and the send limit the fake enforces. */
export interface FakeZaloBotOptions {
  token: string;
  /** Sends over all chats in any sliding 1000 ms before 429 (default 50; the real limit is undocumented). */
  sendsPerSecond?: number;
  /** retry_after (seconds) of that 429, and the pause that follows (default 1). */
  retryAfterS?: number;
}

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction']);

/** The running fake; close() it after the test. */
export class FakeZaloBotApi extends BotApiFake {
  /** The webhook set with setWebhook (empty url: none). */
  webhook = { url: '', secret: '' };
  private nextId = 1;

  constructor(readonly opts: FakeZaloBotOptions) {
    super(
      new SendLimiter({
        perSecond: opts.sendsPerSecond ?? 50,
        retryAfterS: opts.retryAfterS ?? 1,
      }),
      {
        token: opts.token,
        name: 'Zalo Bot API',
        sends: SENDS,
        tooMany: () => 'Too Many Requests',
        postOnly: true,
      },
    );
  }

  /** Texts the bot sent to one chat, in order. */
  textsTo(chatId: string): string[] {
    return this.callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === chatId)
      .map((c) => String(c.body.text));
  }

  protected chatOf(body: Record<string, unknown>): string {
    return typeof body.chat_id === 'string' ? body.chat_id : '';
  }

  protected async deliver(
    method: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<Reply> {
    return this.checkSend(method, body) ?? (await this.answer(method, body, req, res));
  }

  protected async answer(
    method: string,
    body: Record<string, unknown>,
    _req: IncomingMessage,
    res: ServerResponse,
  ): Promise<Reply> {
    switch (method) {
      case 'getMe':
        return ok({ id: '1459232241454765289', account_name: 'bot.HoaBan', account_type: 'BASIC' });
      case 'setWebhook': {
        const url = typeof body.url === 'string' ? body.url : '';
        const secret = typeof body.secret_token === 'string' ? body.secret_token : '';
        if (!url.startsWith('https://')) return fail(400, 'Bad Request: url must be https');
        if (secret.length < 8 || secret.length > 256)
          return fail(400, 'Bad Request: secret_token must be 8-256 characters');
        this.webhook = { url, secret };
        return ok({ url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        this.webhook = { url: '', secret: '' };
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        return ok({ url: this.webhook.url, updated_at: Date.now() });
      case 'getUpdates':
        if (this.webhook.url)
          return fail(409, 'Conflict: getUpdates is not available while a webhook is set');
        return this.updates(body, res);
      case 'sendChatAction':
        if (!['typing', 'upload_photo'].includes(String(body.action)))
          return fail(400, 'Bad Request: unknown action');
        return ok(true);
      case 'sendMessage':
      case 'sendPhoto':
        return ok({ message_id: `m${this.nextId++}`, date: Date.now() });
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  /** Common rules of every send the limiter admitted: a chat, the lengths, blocked chats. */
  private checkSend(method: string, body: Record<string, unknown>): Reply | undefined {
    const chatId = typeof body.chat_id === 'string' ? body.chat_id : '';
    if (!chatId) return fail(400, 'Bad Request: chat_id is required');
    if (method === 'sendMessage') {
      const text = typeof body.text === 'string' ? body.text : '';
      if (text.length < 1 || text.length > 2000)
        return fail(400, 'Bad Request: text must be 1-2000 characters');
    }
    if (method === 'sendPhoto') {
      if (typeof body.photo !== 'string' || !/^https?:\/\//.test(body.photo))
        return fail(400, 'Bad Request: photo must be a URL');
      const caption = body.caption;
      if (
        caption !== undefined &&
        (typeof caption !== 'string' || caption.length < 1 || caption.length > 2000)
      )
        return fail(400, 'Bad Request: caption must be 1-2000 characters');
    }
    if (this.blocked.has(chatId)) return fail(403, 'Forbidden: the user has blocked the bot');
    return undefined;
  }

  private async updates(body: Record<string, unknown>, res: ServerResponse): Promise<Reply> {
    if (this.queue.length === 0) {
      const timeoutMs = Math.min(Number(body.timeout ?? 30), 50) * 1000;
      // The client gave up (the poller stopped): answer nothing more.
      await this.waitForUpdate(timeoutMs, res);
    }
    const next = this.queue.shift();
    return next === undefined ? fail(408, 'Request timeout') : ok(next);
  }
}

/** Starts a fake on a free port. */
export function startFakeZaloBot(opts: FakeZaloBotOptions): Promise<FakeZaloBotApi> {
  return new FakeZaloBotApi(opts).start();
}
