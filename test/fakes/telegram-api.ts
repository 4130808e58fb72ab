/**
 * A local fake of the Telegram Bot API for tests: serves /bot<token>/<method> on 127.0.0.1, records
 * every call, and enforces the limits the real API enforces (LIMITS.md): wrong token 401, text
 * 1-4096, inline keyboards of at most 8 a row and 100 in all, callback_data 1-64 bytes (400),
 * 30 messages/s overall and 1 message/s per chat after a short burst (429 with retry_after), and
 * 403 for chats that blocked the bot. The real telegraf talks to it over HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeTelegramOptions {
  token: string;
  username?: string;
  /** Messages a chat may receive back to back before the 1/s rule bites (real Telegram allows short bursts). */
  perChatBurst?: number;
  /** Messages per second over all chats. */
  globalPerSecond?: number;
}

type Reply = { status: number; body: unknown };

const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, parameters?: object): Reply => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

/** The running fake; close() it after the test. */
export class FakeTelegramApi {
  readonly calls: RecordedCall[] = [];
  /** Chats that blocked the bot: sendMessage answers 403. */
  readonly blocked = new Set<string>();
  /** Failures to return for the next calls of a method, in order (e.g. a 429 with retry_after). */
  readonly failNext = new Map<string, Array<{ status: number; description: string; retry_after?: number }>>();
  private readonly queue: unknown[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly sentAt = new Map<string, number[]>();
  private allSent: number[] = [];
  private nextMessageId = 1000;
  private server: Server | undefined;
  url = '';

  constructor(readonly opts: FakeTelegramOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: unknown): void {
    this.queue.push(update);
    for (const w of this.waiters) w();
  }

  /** Recorded calls of one method (all when omitted). */
  callsOf(method?: string): RecordedCall[] {
    return method ? this.calls.filter((c) => c.method === method) : [...this.calls];
  }

  /** Messages the bot sent to one chat, in order. */
  sentTo(chatId: string | number): Array<Record<string, unknown>> {
    return this.callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === String(chatId))
      .map((c) => c.body);
  }

  /** Waits until a predicate over the recorded calls holds (polling tests). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > until) throw new Error('timed out waiting for Bot API calls');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(res, fail(400, 'Bad Request: invalid JSON'));
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!m || m[1] !== this.opts.token) return send(res, fail(401, 'Unauthorized'));
    const method = m[2] as string;
    this.calls.push({ method, body, at: Date.now() });
    const queued = this.failNext.get(method)?.shift();
    if (queued) {
      const params = queued.retry_after ? { retry_after: queued.retry_after } : undefined;
      return send(res, fail(queued.status, queued.description, params));
    }
    send(res, await this.answer(method, body, req));
  }

  private async answer(method: string, body: Record<string, unknown>, req: IncomingMessage): Promise<Reply> {
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
      case 'sendMessage':
        return this.sendMessage(body);
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
      const timeoutMs = Math.min(Number(body.timeout ?? 0), 50) * 1000;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.waiters.add(done);
        req.on('close', done);
      });
      drop();
    }
    return this.queue.slice(0, Number(body.limit ?? 100));
  }

  private sendMessage(body: Record<string, unknown>): Reply {
    const chatId = String(body.chat_id ?? '');
    const text = typeof body.text === 'string' ? body.text : '';
    if (!chatId) return fail(400, 'Bad Request: chat_id is empty');
    if (text.length === 0) return fail(400, 'Bad Request: message text is empty');
    if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
    const keyboard = (
      body.reply_markup as { inline_keyboard?: Array<Array<Record<string, unknown>>> } | undefined
    )?.inline_keyboard;
    if (keyboard) {
      if (keyboard.some((row) => row.length > 8)) return fail(400, 'Bad Request: too many buttons in a row');
      if (keyboard.flat().length > 100) return fail(400, 'Bad Request: reply markup is too long');
      for (const b of keyboard.flat()) {
        const data = b.callback_data;
        if (
          data !== undefined &&
          (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data) > 64)
        )
          return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
    if (this.blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
    const now = Date.now();
    this.allSent = this.allSent.filter((t) => now - t < 1000);
    if (this.allSent.length >= (this.opts.globalPerSecond ?? 30))
      return fail(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    const burst = this.opts.perChatBurst ?? 3;
    const recent = (this.sentAt.get(chatId) ?? []).filter((t) => now - t < burst * 1000);
    if (recent.length >= burst) return fail(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    recent.push(now);
    this.sentAt.set(chatId, recent);
    this.allSent.push(now);
    const message_id = this.nextMessageId++;
    return ok({
      message_id,
      date: Math.floor(now / 1000),
      chat: { id: Number(chatId), type: 'private' },
      text,
    });
  }
}

function send(res: ServerResponse, reply: Reply) {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

/** Starts a fake on a free port. */
export function startFakeTelegram(opts: FakeTelegramOptions): Promise<FakeTelegramApi> {
  return new FakeTelegramApi(opts).start();
}
