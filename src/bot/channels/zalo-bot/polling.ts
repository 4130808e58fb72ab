/**
 * getUpdates polling when no PUBLIC_URL is set: one long-poll request at a time, each update handled
 * in order before the next request. Zalo keeps no offset: a delivered update is gone from the queue,
 * and the database dedupe makes a repeat harmless. An empty wait ends as error 408 "Request timeout",
 * which is not a failure. Stopping aborts the request in flight. https://bot.zaloplatforms.com/docs
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelRejectedError, ChannelThrottledError } from '../errors.ts';
import type { ZaloBotClient } from './client.ts';

/** Seconds the platform holds a getUpdates request open (its default is 30). */
export const POLL_TIMEOUT_S = 25;
/** The answer to a long poll that found nothing. */
const NOTHING_NEW = 408;
/** Longest pause after failed polls (the API is down or the token was revoked). */
const MAX_BACKOFF_MS = 30_000;

/** What the poller does with each update and each failure (the adapter decides). */
export interface ZaloBotPollerOptions {
  timeoutS?: number;
  onUpdate(update: unknown): Promise<void>;
  onError(err: Error): void;
}

/** The updates of one getUpdates answer: one object, a list, or nothing. */
export function updatesOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  return result && typeof result === 'object' && Object.keys(result).length > 0 ? [result] : [];
}

/** Runs the getUpdates loop until stop(). */
export class ZaloBotPoller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: ZaloBotClient,
    private readonly opts: ZaloBotPollerOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const timeoutS = this.opts.timeoutS ?? POLL_TIMEOUT_S;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const result = await this.client
          .call<unknown>('getUpdates', { timeout: String(timeoutS) }, signal, timeoutS * 1000 + 10_000)
          .catch((err: unknown) => {
            if (err instanceof ChannelRejectedError && err.code === NOTHING_NEW) return undefined;
            throw err;
          });
        failures = 0;
        for (const u of updatesOf(result)) await this.opts.onUpdate(u);
      } catch (err) {
        if (signal.aborted) break;
        this.opts.onError(err as Error);
        failures++;
        const wait =
          err instanceof ChannelThrottledError
            ? err.retryAfter * 1000
            : Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 6));
        await sleep(Math.min(wait, MAX_BACKOFF_MS), undefined, { signal }).catch(() => {});
      }
    }
  }
}
