/**
 * What a failed send means for its delivery row, by error class: throttled and
 * connection errors go back to the queue (a few times, with growing waits), the rules of a platform
 * skip with their reason, a recipient who left fails as "gone", anything else fails with its code.
 */

import type { Outcome } from '../../db/queries/deliveries.ts';
import {
  ChannelConfigError,
  ChannelConnectionError,
  ChannelRejectedError,
  ChannelThrottledError,
  ChannelTimeoutError,
  NotSendableError,
  RecipientGoneError,
} from '../channels/errors.ts';

/** Attempts after which a connection error is recorded as failed (officers may retry it). */
export const MAX_CONNECTION_ATTEMPTS = 3;
/** Wait before retrying after a connection error, times the attempt number. */
export const CONNECTION_BACKOFF_MS = 5000;

/** Reasons an officer's "retry failed" may send again; the others would fail the same way. */
export const RETRYABLE_REASONS = ['connection', 'throttled', 'error'] as const;

/** The outcome of a send that threw `err` on attempt number `attempts`. */
export function outcomeOf(err: unknown, attempts: number): Outcome {
  if (err instanceof ChannelThrottledError)
    return { status: 'pending', afterMs: err.retryAfter * 1000, reason: 'throttled' };
  if (err instanceof NotSendableError) return { status: 'skipped', reason: err.reason };
  if (err instanceof RecipientGoneError) return { status: 'failed', reason: 'gone' };
  // No answer in time: it may have arrived, and sends have no idempotency key, so never resend blindly.
  if (err instanceof ChannelTimeoutError) return { status: 'unknown', reason: 'timeout' };
  if (err instanceof ChannelConnectionError) {
    if (attempts < MAX_CONNECTION_ATTEMPTS)
      return {
        status: 'pending',
        afterMs: CONNECTION_BACKOFF_MS * Math.max(1, attempts),
        reason: 'connection',
      };
    return { status: 'failed', reason: 'connection' };
  }
  if (err instanceof ChannelConfigError) return { status: 'failed', reason: 'config' };
  if (err instanceof ChannelRejectedError) return { status: 'failed', reason: `rejected:${err.code}` };
  return { status: 'failed', reason: 'error' };
}
