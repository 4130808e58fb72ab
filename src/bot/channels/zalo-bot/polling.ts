/**
 * getUpdates polling when no PUBLIC_URL is set, in the shared polling loop: one long-poll request at
 * a time, each update handled in order before the next request. Zalo keeps no offset: a delivered
 * update is gone from the queue, and the database dedupe makes a repeat harmless. An empty wait ends
 * as error 408 "Request timeout", which is not a failure. Stopping aborts the request in flight.
 * https://bot.zaloplatforms.com/docs
 */
import { ChannelRejectedError } from '../errors.ts';
import { PollingLoop } from '../polling-loop.ts';
import type { ZaloBotClient } from './client.ts';

/** Seconds the platform holds a getUpdates request open (its default is 30). */
export const POLL_TIMEOUT_S = 25;
/** The answer to a long poll that found nothing. */
const NOTHING_NEW = 408;

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
export class ZaloBotPoller extends PollingLoop {
  constructor(client: ZaloBotClient, opts: ZaloBotPollerOptions) {
    const timeoutS = opts.timeoutS ?? POLL_TIMEOUT_S;
    super({
      poll: async (signal) => {
        const result = await client
          .call<unknown>('getUpdates', { timeout: String(timeoutS) }, signal, timeoutS * 1000 + 10_000)
          .catch((err: unknown) => {
            if (err instanceof ChannelRejectedError && err.code === NOTHING_NEW) return undefined;
            throw err;
          });
        return updatesOf(result);
      },
      onUpdate: (u) => opts.onUpdate(u),
      onError: (err) => opts.onError(err),
    });
  }
}
