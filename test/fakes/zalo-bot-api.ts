/**
 * A local fake of the Zalo Bot Platform API for tests: serves /bot<token>/<method> on 127.0.0.1,
 * records every call and enforces what the real API enforces (LIMITS.md, bot.zaloplatforms.com/docs):
 * wrong token 401, text and caption 1-2000 (400), setWebhook secret_token 8-256 and an https url
 * (400), getUpdates refused while a webhook is set, a configurable send rate (429 with retry_after),
 * then a pause of the whole bot during which every send is answered 429 and counted in
 * sentDuringPause), and 403 for chats that blocked the bot. Every send is recorded with its arrival
 * time in `sends`. getUpdates gives one queued update per answer, or error
 * 408 "Request timeout" after the long-poll wait, as the real one does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hang, LimitedFake, SendLimiter } from './limits.ts';

export { type InjectedFailure, maxInAnyWindow, type SendRecord } from './limits.ts';

/** One request the fake received, for assertions on what the client sent. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** The bot's token and the send limit the fake enforces. */
export interface FakeZaloBotOptions {
  token: string;
  /** Sends over all chats in any sliding 1000 ms before 429 (default 50; the real limit is undocumented). */
  sendsPerSecond?: number;
  /** retry_after (seconds) of that 429, and the pause that follows (default 1). */
  retryAfterS?: number;
}

type Answer = { status: number; body: unknown };

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, parameters?: object): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction']);

/** The running fake; close() it after the test. */
export class FakeZaloBotApi extends LimitedFake {
  readonly calls: RecordedCall[] = [];
  /** Chats that blocked the bot: sends answer 403. */
  readonly blocked = new Set<string>();
  /** Failures to return for the next calls of a method, in order. */
  readonly failNext = new Map<string, Array<{ status: number; description: string; retry_after?: number }>>();
  /** The webhook set with setWebhook (empty url: none). */
  webhook = { url: '', secret: '' };
  private readonly queue: unknown[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  private server: Server | undefined;
  url = '';

  constructor(readonly opts: FakeZaloBotOptions) {
    super(
      new SendLimiter({
        perSecond: opts.sendsPerSecond ?? 50,
        retryAfterS: opts.retryAfterS ?? 1,
      }),
    );
  }

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

  /** Queues an update (the inner {event_name, message}) for getUpdates. */
  pushUpdate(update: unknown): void {
    this.queue.push(update);
    for (const w of this.waiters) w();
  }

  /** Recorded calls of one method (all when omitted). */
  callsOf(method?: string): RecordedCall[] {
    return method ? this.calls.filter((c) => c.method === method) : [...this.calls];
  }

  /** Texts the bot sent to one chat, in order. */
  textsTo(chatId: string): string[] {
    return this.callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === chatId)
      .map((c) => String(c.body.text));
  }

  /** Waits until a predicate over the recorded calls holds (polling tests). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > until) throw new Error('timed out waiting for Zalo Bot API calls');
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
    if (req.method !== 'POST' || !m || m[1] !== this.opts.token) return send(res, fail(401, 'Unauthorized'));
    const method = m[2] as string;
    this.calls.push({ method, body, at: Date.now() });
    const queued = this.failNext.get(method)?.shift();
    if (queued) {
      const params = queued.retry_after ? { retry_after: queued.retry_after } : undefined;
      return send(res, fail(queued.status, queued.description, params));
    }
    if (SENDS.has(method)) {
      const verdict = this.limiter.admit(method, typeof body.chat_id === 'string' ? body.chat_id : '');
      if (!verdict.accepted) {
        if (verdict.reason !== 'injected')
          return send(res, fail(429, 'Too Many Requests', { retry_after: verdict.retryAfter }));
        const f = verdict.failure;
        if ('timeout' in f) return hang(res, f.afterMs);
        if (f.status === 429) return send(res, fail(429, 'Too Many Requests', { retry_after: f.retryAfter }));
        return send(res, fail(f.status, 'Internal Server Error'));
      }
      const answer = this.checkSend(method, body) ?? (await this.answer(method, body, res));
      if (answer.status === 200) this.limiter.accept(verdict.record);
      else verdict.record.status = answer.status;
      return send(res, answer);
    }
    send(res, await this.answer(method, body, res));
  }

  private async answer(method: string, body: Record<string, unknown>, res: ServerResponse): Promise<Answer> {
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
  private checkSend(method: string, body: Record<string, unknown>): Answer | undefined {
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

  private async updates(body: Record<string, unknown>, res: ServerResponse): Promise<Answer> {
    if (this.queue.length === 0) {
      const timeoutMs = Math.min(Number(body.timeout ?? 30), 50) * 1000;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.waiters.add(done);
        // The client gave up (the poller stopped): answer nothing more.
        res.on('close', done);
      });
    }
    const next = this.queue.shift();
    return next === undefined ? fail(408, 'Request timeout') : ok(next);
  }
}

function send(res: ServerResponse, answer: Answer) {
  if (res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}

/** Starts a fake on a free port. */
export function startFakeZaloBot(opts: FakeZaloBotOptions): Promise<FakeZaloBotApi> {
  return new FakeZaloBotApi(opts).start();
}
