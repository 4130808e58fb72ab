/**
 * The send limits the fake platform servers enforce, in one place so the Telegram, Zalo OA and Zalo
 * Bot fakes judge rate, per-chat spacing and pauses the same way, and record every send with its
 * arrival time for the broadcast tests (at most N in any second, nothing during a retry_after).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One send as the fake saw it; `at` is epoch ms with sub-ms precision (performance clock). */
export interface SendRecord {
  at: number;
  method: string;
  chatId: string;
  accepted: boolean;
  /** HTTP status (Telegram, Zalo Bot) or the OA error code (0 = accepted). */
  status: number;
  /** Arrived while the bot was paused after a 429: a violation of retry_after. */
  duringPause: boolean;
  /** Telegram allow_paid_broadcast was set. */
  paid: boolean;
}

/**
 * A failure the next sends answer with: a 500, a 429 (which also starts a pause, as the platform
 * would), or no answer at all (the socket is dropped after afterMs; default: held until the client
 * gives up or the fake closes).
 */
export type InjectedFailure =
  | { status: 500 }
  | { status: 429; retryAfter: number }
  | { timeout: true; afterMs?: number };

/** The limits of one fake; every field optional, undefined means "no such limit". */
export interface SendLimits {
  /** Accepted sends over all chats in any sliding 1000 ms window. */
  perSecond?: number;
  /** The same when the send asks for paid broadcast (Telegram allow_paid_broadcast). */
  paidPerSecond?: number;
  /** Accepted sends to one chat in any sliding window of perChatBurst seconds (1/s with a burst). */
  perChatBurst?: number;
  /** retry_after (seconds) given when a limit is exceeded; the bot is paused that long. */
  retryAfterS?: number;
}

/** What the limiter decides for one send. */
export type Verdict = { record: SendRecord } & (
  | { accepted: true }
  | { accepted: false; reason: 'paused' | 'rate' | 'per_chat'; retryAfter: number }
  | { accepted: false; reason: 'injected'; failure: InjectedFailure }
);

/** The highest number of times falling in any window of windowMs (a window is [t, t + windowMs)). */
export function maxInAnyWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Milliseconds since the epoch with sub-millisecond precision. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Rate, per-chat spacing, pauses, injected failures and the record of every send of one fake bot. */
export class SendLimiter {
  readonly sends: SendRecord[] = [];
  /** Sends that arrived while the bot was paused (each answered 429 / rate-limited). */
  sentDuringPause = 0;
  /** Sends refused because they went over the rate or the per-chat limit (each started a pause). */
  rateExceeded = 0;
  pausedUntil = 0;
  private readonly injected: InjectedFailure[] = [];
  private readonly recentAll: number[] = [];
  private readonly recentByChat = new Map<string, number[]>();

  constructor(public limits: SendLimits = {}) {}

  /** The next n sends answer with this failure. */
  inject(n: number, failure: InjectedFailure): void {
    for (let i = 0; i < n; i++) this.injected.push(failure);
  }

  /** Starts (or extends) a pause of the whole bot, as after a 429. */
  pause(seconds: number, at = nowMs()): void {
    this.pausedUntil = Math.max(this.pausedUntil, at + seconds * 1000);
  }

  /** Decides one send arriving now and records it (platform checks like 403 come after this). */
  admit(method: string, chatId: string, paid = false, at = nowMs()): Verdict {
    const record: SendRecord = { at, method, chatId, accepted: false, status: 0, duringPause: false, paid };
    this.sends.push(record);
    const failure = this.injected.shift();
    if (failure) {
      if ('status' in failure && failure.status === 429) this.pause(failure.retryAfter, at);
      record.status = 'status' in failure ? failure.status : 0;
      return { record, accepted: false, reason: 'injected', failure };
    }
    if (at < this.pausedUntil) {
      this.sentDuringPause++;
      record.duringPause = true;
      record.status = 429;
      return {
        record,
        accepted: false,
        reason: 'paused',
        retryAfter: Math.ceil((this.pausedUntil - at) / 1000),
      };
    }
    const retryAfter = this.limits.retryAfterS ?? 1;
    prune(this.recentAll, at, 1000);
    const limit = paid ? (this.limits.paidPerSecond ?? this.limits.perSecond) : this.limits.perSecond;
    if (limit !== undefined && this.recentAll.length >= limit) return this.exceed(record, 'rate', retryAfter);
    const burst = this.limits.perChatBurst;
    if (burst !== undefined) {
      const mine = this.recentByChat.get(chatId) ?? [];
      prune(mine, at, burst * 1000);
      if (mine.length >= burst) return this.exceed(record, 'per_chat', retryAfter);
    }
    return { record, accepted: true };
  }

  /** Marks an admitted send accepted (after the platform's own checks passed); it now counts. */
  accept(record: SendRecord): void {
    record.accepted = true;
    record.status = 200;
    this.recentAll.push(record.at);
    const mine = this.recentByChat.get(record.chatId) ?? [];
    mine.push(record.at);
    this.recentByChat.set(record.chatId, mine);
  }

  /** Arrival times of the accepted sends (for maxInAnyWindow). */
  acceptedTimes(): number[] {
    return this.sends.filter((s) => s.accepted).map((s) => s.at);
  }

  /** Accepted sends per chat id, so a test can check each subscriber got exactly one message. */
  acceptedByChat(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.sends) if (s.accepted) counts.set(s.chatId, (counts.get(s.chatId) ?? 0) + 1);
    return counts;
  }

  private exceed(record: SendRecord, reason: 'rate' | 'per_chat', retryAfter: number): Verdict {
    this.rateExceeded++;
    record.status = 429;
    this.pause(retryAfter, record.at);
    return { record, accepted: false, reason, retryAfter };
  }
}

/** Holds a request unanswered, then drops its socket (an injected time-out). */
export function hang(res: import('node:http').ServerResponse, afterMs?: number): void {
  if (afterMs !== undefined) setTimeout(() => res.socket?.destroy(), afterMs).unref();
}

function prune(times: number[], at: number, windowMs: number) {
  while (times.length > 0 && at - (times[0] as number) >= windowMs) times.shift();
}

/**
 * What every fake platform server exposes of its limiter, so tests read all three the same way: the
 * sends, violations of a pause, accepted sends per chat, the busiest window, injected failures.
 */
export abstract class LimitedFake {
  private server: Server | undefined;
  /** Where the fake listens, once started (http://127.0.0.1:port). */
  url = '';

  constructor(
    /** Rate, per-chat and pause rules, injected failures and the record of every send. */
    readonly limiter: SendLimiter,
  ) {}

  /** Answers one request the way the platform would. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Called first by close(), e.g. to release held long polls. */
  protected beforeClose(): void {}

  /** Listens on a free loopback port. */
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    this.beforeClose();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Every send in arrival order. */
  get sends(): SendRecord[] {
    return this.limiter.sends;
  }

  /** Sends that arrived during a pause (each a violation of retry_after). */
  get sentDuringPause(): number {
    return this.limiter.sentDuringPause;
  }

  /** Accepted sends per chat id. */
  acceptedByChat(): Map<string, number> {
    return this.limiter.acceptedByChat();
  }

  /** The most accepted sends in any window of windowMs. */
  maxPerWindow(windowMs = 1000): number {
    return maxInAnyWindow(this.limiter.acceptedTimes(), windowMs);
  }

  /** The next n sends answer with this failure (500, 429 with retry_after, or no answer). */
  inject(n: number, failure: InjectedFailure): void {
    this.limiter.inject(n, failure);
  }
}
