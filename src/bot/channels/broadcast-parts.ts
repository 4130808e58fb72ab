/**
 * Sending the parts of one broadcast message (photo then text, a long text in pieces) under the
 * broadcast engine's shared gate, the same way on every channel: gate.acquire() before each call,
 * parts to one chat spaced, and a 429 never waited out here: the gate is paused (all replicas) and,
 * when nothing of the message has gone out, the throttle is rethrown so the delivery goes back to
 * pending; a later part is retried after the pause, a few times, because the first part cannot be
 * taken back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelRejectedError, ChannelThrottledError } from './errors.ts';
import type { BroadcastMessage, SendGate } from './types.ts';

/** Retries of a later part after a 429 (the first part is never retried here). */
export const MAX_PART_RETRIES = 3;

/** How the parts are paced: the least time between two parts to the same chat. */
export interface PartOptions {
  minGapMs: number;
}

/** Sends parts in order; resolves with each part's result, or rejects with a ChannelError. */
export async function sendParts<T>(
  parts: Array<() => Promise<T>>,
  gate: SendGate,
  opts: PartOptions,
): Promise<T[]> {
  const results: T[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [i, part] of parts.entries()) {
    for (let attempt = 0; ; attempt++) {
      const gap = lastAt + opts.minGapMs - Date.now();
      if (gap > 0) await sleep(gap);
      await gate.acquire();
      try {
        results.push(await part());
        lastAt = Date.now();
        break;
      } catch (err) {
        if (!(err instanceof ChannelThrottledError)) throw err;
        await gate.pause(err.retryAfter);
        if (i === 0) throw err;
        // Part of the message is already in the chat: resending it all would duplicate it.
        if (attempt >= MAX_PART_RETRIES)
          throw new ChannelRejectedError(429, `part ${i + 1} of ${parts.length} not sent: throttled`);
      }
    }
  }
  return results;
}

/** The text with a media link as its last line (for channels that cannot carry the media itself). */
export function withLinkLine(msg: BroadcastMessage): string {
  const text = msg.text.trim();
  if (!msg.media) return text;
  return text ? `${text}\n\n${msg.media.url}` : msg.media.url;
}
