/**
 * Long polling when no PUBLIC_URL is set: getUpdates in a loop, one update at a time in order, the
 * offset moved past each one handled. Stopping aborts the request in flight.
 * https://core.telegram.org/bots/api#getupdates
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelThrottledError } from '../errors.ts';
import type { TelegramClient } from './client.ts';

/** Seconds Telegram holds a getUpdates request open when there is nothing new. */
export const POLL_TIMEOUT_S = 25;
/** Longest pause after failed polls (the API is down or the token was revoked). */
const MAX_BACKOFF_MS = 30_000;

export interface PollerOptions {
  allowedUpdates: readonly string[];
  timeoutS?: number;
  onUpdate(update: unknown): Promise<void>;
  onError(err: Error): void;
}

/** Runs the getUpdates loop until stop(). */
export class Poller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private offset = 0;

  constructor(
    private readonly client: TelegramClient,
    private readonly opts: PollerOptions,
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
    let failures = 0;
    while (!signal.aborted) {
      try {
        const updates = await this.client.call<Array<{ update_id?: unknown }>>(
          'getUpdates',
          {
            offset: this.offset,
            timeout: this.opts.timeoutS ?? POLL_TIMEOUT_S,
            allowed_updates: this.opts.allowedUpdates,
          },
          signal,
        );
        failures = 0;
        for (const u of updates) {
          if (typeof u.update_id === 'number') this.offset = Math.max(this.offset, u.update_id + 1);
          await this.opts.onUpdate(u);
        }
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
