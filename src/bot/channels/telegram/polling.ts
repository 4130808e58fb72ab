/**
 * Long polling when no PUBLIC_URL is set: getUpdates in the shared polling loop, one update at a time
 * in order, the offset moved past each one handled. Stopping aborts the request in flight.
 * https://core.telegram.org/bots/api#getupdates
 */
import { PollingLoop } from '../polling-loop.ts';
import type { TelegramClient } from './client.ts';

/** Seconds Telegram holds a getUpdates request open when there is nothing new. */
export const POLL_TIMEOUT_S = 25;

export interface PollerOptions {
  allowedUpdates: readonly string[];
  timeoutS?: number;
  onUpdate(update: unknown): Promise<void>;
  onError(err: Error): void;
}

/** Runs the getUpdates loop until stop(); the offset is kept in memory, past the last update handled. */
export class Poller extends PollingLoop {
  constructor(client: TelegramClient, opts: PollerOptions) {
    let offset = 0;
    super({
      poll: (signal) =>
        client.call<Array<{ update_id?: unknown }>>(
          'getUpdates',
          { offset, timeout: opts.timeoutS ?? POLL_TIMEOUT_S, allowed_updates: opts.allowedUpdates },
          signal,
        ),
      onUpdate: (u) => {
        const id = (u as { update_id?: unknown }).update_id;
        if (typeof id === 'number') offset = Math.max(offset, id + 1);
        return opts.onUpdate(u);
      },
      onError: (err) => opts.onError(err),
    });
  }
}
