/**
 * The part the fake Telegram Bot API and the fake Zalo Bot API share, because both platforms speak the
 * same /bot<token>/<method> protocol: a 127.0.0.1 server that checks the token, records every call,
 * answers queued failures first, runs each send through the limiter (429 with retry_after, injected
 * 500s and time-outs) and holds long polls until an update is pushed. Each fake adds its own rules.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hang, LimitedFake, type SendLimiter } from './limits.ts';

/** One request the fake received, for assertions on what the client sent. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** A failure queued for the next call of a method (e.g. a 429 with retry_after). */
export interface QueuedFailure {
  status: number;
  description: string;
  retry_after?: number;
}

/** An HTTP status and the JSON body the fake answers with. */
export type Reply = { status: number; body: unknown };

/** A successful answer, as both platforms wrap it. */
export const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });

/** A refused call, as both platforms word it (error_code = the HTTP status). */
export const fail = (status: number, description: string, parameters?: object): Reply => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

/** What tells one platform's fake from the other at the protocol level. */
export interface BotApiSpec {
  /** The bot token the URL must carry (401 otherwise). */
  token: string;
  /** Named in the error of waitFor. */
  name: string;
  /** The methods that put a message in a chat (limited, recorded in `sends`). */
  sends: Set<string>;
  /** The description of a 429. */
  tooMany: (retryAfter: number) => string;
  /** Only POST is served (any other method: 401). */
  postOnly?: boolean;
}

/** The running fake; close() it after the test. */
export abstract class BotApiFake extends LimitedFake {
  readonly calls: RecordedCall[] = [];
  /** Chats that blocked the bot: sends answer 403. */
  readonly blocked = new Set<string>();
  /** Failures to return for the next calls of a method, in order (e.g. a 429 with retry_after). */
  readonly failNext = new Map<string, QueuedFailure[]>();
  protected readonly queue: unknown[] = [];
  private readonly waiters = new Set<() => void>();
  constructor(
    limiter: SendLimiter,
    private readonly spec: BotApiSpec,
  ) {
    super(limiter);
  }

  /** Held long polls answer at once when the fake closes. */
  protected override beforeClose(): void {
    for (const w of this.waiters) w();
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

  /** Waits until a predicate over the recorded calls holds (polling tests). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${this.spec.name} calls`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The chat a send goes to, as the limiter counts it. */
  protected abstract chatOf(body: Record<string, unknown>): string;

  /** The platform's own answer to a send the limiter admitted (its checks, then the result). */
  protected abstract deliver(
    method: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<Reply>;

  /** The answer to any other method. */
  protected abstract answer(
    method: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<Reply>;

  /** Whether a send asks for paid broadcast (a higher rate). */
  protected paid(_body: Record<string, unknown>): boolean {
    return false;
  }

  /** Holds a long poll until an update is pushed, the wait ends, the fake closes or `closer` closes. */
  protected async waitForUpdate(timeoutMs: number, closer: EventEmitter): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      closer.on('close', done);
    });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    if ((this.spec.postOnly && req.method !== 'POST') || !m || m[1] !== this.spec.token)
      return send(res, fail(401, 'Unauthorized'));
    const method = m[2] as string;
    this.calls.push({ method, body, at: Date.now() });
    const queued = this.failNext.get(method)?.shift();
    if (queued) {
      const params = queued.retry_after ? { retry_after: queued.retry_after } : undefined;
      return send(res, fail(queued.status, queued.description, params));
    }
    if (!this.spec.sends.has(method)) return send(res, await this.answer(method, body, req, res));
    const verdict = this.limiter.admit(method, this.chatOf(body), this.paid(body));
    if (!verdict.accepted) {
      if (verdict.reason !== 'injected') return send(res, this.tooMany(verdict.retryAfter));
      const f = verdict.failure;
      if ('timeout' in f) return hang(res, f.afterMs);
      if (f.status === 429) return send(res, this.tooMany(f.retryAfter));
      return send(res, fail(f.status, 'Internal Server Error'));
    }
    const reply = await this.deliver(method, body, req, res);
    if (reply.status === 200) this.limiter.accept(verdict.record);
    else verdict.record.status = reply.status;
    send(res, reply);
  }

  private tooMany(retryAfter: number): Reply {
    return fail(429, this.spec.tooMany(retryAfter), { retry_after: retryAfter });
  }
}

function send(res: ServerResponse, reply: Reply) {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}
