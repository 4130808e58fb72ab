/**
 * Typed send errors shared by every channel, so callers decide on retry by class, not by parsing
 * platform messages. Messages never carry URLs, tokens, chat ids or message text.
 */

/** Base class: every send failure a channel reports is one of the subclasses below. */
export abstract class ChannelError extends Error {
  /** True when sending the same message again later may succeed. */
  abstract readonly retryable: boolean;
}

/** The channel is misconfigured (bad token, wrong API root): no retry, an operator must act. */
export class ChannelConfigError extends ChannelError {
  override readonly name = 'ChannelConfigError';
  readonly retryable = false;
}

/** The platform could not be reached or answered 5xx: retry later. */
export class ChannelConnectionError extends ChannelError {
  override readonly name: string = 'ChannelConnectionError';
  readonly retryable = true;
}

/**
 * The platform did not answer in time: the request may have been carried out (the message may have
 * arrived) or not. Broadcasts record such a send as unknown rather than resend it blindly.
 */
export class ChannelTimeoutError extends ChannelConnectionError {
  override readonly name = 'ChannelTimeoutError';
}

/** The platform asked us to slow down; nothing may be sent before retryAfter seconds have passed. */
export class ChannelThrottledError extends ChannelError {
  override readonly name = 'ChannelThrottledError';
  readonly retryable = true;
  constructor(
    readonly retryAfter: number,
    message = `throttled for ${retryAfter} s`,
  ) {
    super(message);
  }
}

/** The recipient blocked the bot or no longer exists: mark them unsubscribed, never retry. */
export class RecipientGoneError extends ChannelError {
  override readonly name = 'RecipientGoneError';
  readonly retryable = false;
}

/** The platform refused this message (too long, bad keyboard): permanent for this message. */
export class ChannelRejectedError extends ChannelError {
  override readonly name = 'ChannelRejectedError';
  readonly retryable = false;
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A broadcast not attempted because the platform's rules forbid it now (Zalo OA: outside the window,
 * per-follower cap, quota used up): the delivery is skipped with this reason, nothing was counted.
 */
export class NotSendableError extends ChannelError {
  override readonly name = 'NotSendableError';
  readonly retryable = false;
  constructor(readonly reason: string) {
    super(`not sendable now: ${reason}`);
  }
}
