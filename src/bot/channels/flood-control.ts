/**
 * Pace and pause shared by the bot API clients: sends spaced at a configured rate over all chats,
 * and after a 429 nothing sent until its retry_after (plus 0.1 s, as python-telegram-bot does) has
 * passed. A short wait happens in-process; a longer one is the caller's (ChannelThrottledError).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelConnectionError, ChannelThrottledError } from './errors.ts';

/** Attempts of one call when each 429 asks for a short wait. */
export const MAX_THROTTLED_ATTEMPTS = 3;
/**
 * Longest 429 an answer to an emergency message waits out before it is sent, instead of being
 * dropped: half the 60 s a platform waits for its webhook to answer.
 */
export const URGENT_MAX_WAIT_S = 30;

/** One client's send rate: one slot every 1/perSecond s, shared by every chat it sends to. */
export class SendPacer {
  private nextSlot = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for this send's turn. */
  async wait(signal?: AbortSignal): Promise<void> {
    const interval = 1000 / this.perSecond;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now, undefined, { signal });
  }
}

/** How one call waits out and retries 429s: the longest in-process wait, its abort, its error mapping. */
export interface FloodCallOptions {
  maxWaitMs: number;
  signal?: AbortSignal;
  /** Turns what an attempt threw into the error to judge (a ChannelThrottledError is a 429). */
  toError?: (err: unknown) => unknown;
}

/**
 * One client's flood pause, shared by all its calls so a 429 on one holds back the others; onPause
 * hears of each 429 too, so the bot's broadcasts (every replica) can stand back for it.
 */
export class FloodPause {
  private pausedUntil = 0;

  constructor(
    private readonly now: () => number,
    private readonly onPause?: (seconds: number) => void,
  ) {}

  /** Records a 429 as this client's pause (for sends whose shared gate owns the waiting). */
  record(err: unknown): void {
    if (!(err instanceof ChannelThrottledError)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + err.retryAfter * 1000 + 100);
    this.onPause?.(err.retryAfter);
  }

  /**
   * Runs attempt after any pause, retrying a 429 whose retry_after is short (MAX_THROTTLED_ATTEMPTS
   * in all); a pause longer than maxWaitMs throws ChannelThrottledError without calling.
   */
  async run<T>(attempt: () => Promise<T>, opts: FloodCallOptions): Promise<T> {
    const { maxWaitMs, signal } = opts;
    for (let n = 1; ; n++) {
      const wait = this.pausedUntil - this.now();
      if (wait > maxWaitMs) throw new ChannelThrottledError(Math.ceil(wait / 1000));
      try {
        if (wait > 0) await sleep(wait, undefined, { signal });
        return await attempt();
      } catch (err) {
        if (signal?.aborted) throw new ChannelConnectionError('aborted');
        const typed = opts.toError ? opts.toError(err) : err;
        if (!(typed instanceof ChannelThrottledError)) throw typed;
        this.record(typed);
        if (typed.retryAfter * 1000 > maxWaitMs || n >= MAX_THROTTLED_ATTEMPTS) throw typed;
      }
    }
  }
}
