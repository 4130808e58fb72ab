/**
 * The long-polling loop the bot platforms share when no PUBLIC_URL is set: one request at a time,
 * each update handled in order before the next request, a growing pause after failures (a 429's
 * retry_after when the platform gives one) and stop() aborting the request in flight.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelThrottledError } from './errors.ts';

/** Longest pause after failed polls (the API is down or the token was revoked). */
export const MAX_BACKOFF_MS = 30_000;

/** The pause after the failures-th failed poll in a row: retry_after when throttled, else doubling. */
export function backoffMs(err: unknown, failures: number): number {
  const wait =
    err instanceof ChannelThrottledError
      ? err.retryAfter * 1000
      : Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 6));
  return Math.min(wait, MAX_BACKOFF_MS);
}

/** What one platform's poller plugs in: how to ask for updates, and what to do with them and failures. */
export interface PollingLoopOptions {
  poll(signal: AbortSignal): Promise<readonly unknown[]>;
  onUpdate(update: unknown): Promise<void>;
  onError(err: Error): void;
}

/** Runs one platform's polling loop until stop(); shared so backoff and shutdown work the same everywhere. */
export class PollingLoop {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly opts: PollingLoopOptions) {}

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
        const updates = await this.opts.poll(signal);
        failures = 0;
        for (const u of updates) await this.opts.onUpdate(u);
      } catch (err) {
        if (signal.aborted) break;
        this.opts.onError(err as Error);
        failures++;
        await sleep(backoffMs(err, failures), undefined, { signal }).catch(() => {});
      }
    }
  }
}
