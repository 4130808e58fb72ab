/**
 * The Zalo Bot Platform client: POST JSON to <apiRoot>/bot<token>/<method> with fetch, answers
 * {ok, result} or {ok: false, error_code, description}. Failures become the typed channel errors;
 * sends are paced at a configurable rate (the platform documents none) and after a 429 nothing is
 * sent until its retry_after has passed. The token is in the URL path, so no URL is ever put in an
 * error or a log. https://bot.zaloplatforms.com/docs
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChannelConfigError,
  ChannelConnectionError,
  type ChannelError,
  ChannelRejectedError,
  ChannelThrottledError,
  ChannelTimeoutError,
  RecipientGoneError,
} from '../errors.ts';

/** Default sends a second (ZALO_BOT_RATE); LIMITS.md: no documented limit, so it is configuration. */
export const DEFAULT_RATE = 20;
/** Longest wait for a 429's retry_after in-process; a longer one is the caller's (Throttled). */
export const MAX_INPROCESS_WAIT_S = 5;
/** Longest a request may take beyond a long poll's own timeout. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Methods that put something in a chat, paced by the send rate. */
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction']);

interface ApiAnswer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Maps an API answer that is not ok to a typed error whose message has no URL or token. */
export function toChannelError(
  status: number,
  body: ApiAnswer | undefined,
  retryAfterHeader?: string | null,
) {
  const code = typeof body?.error_code === 'number' ? body.error_code : status;
  const description = (typeof body?.description === 'string' ? body.description : '').slice(0, 200);
  let err: ChannelError;
  if (code === 429 || status === 429) {
    const retry = Number(body?.parameters?.retry_after ?? retryAfterHeader ?? 1);
    err = new ChannelThrottledError(Number.isFinite(retry) ? Math.max(1, Math.ceil(retry)) : 1);
  } else if (code === 401 || code === 404 || status === 401)
    err = new ChannelConfigError(`Zalo Bot API answered ${code}: check ZALO_BOT_TOKEN`);
  // Zalo does not document a "blocked" answer; 403 is what its Telegram-like API gives a gone user.
  else if (code === 403) err = new RecipientGoneError(description || 'Forbidden');
  else if (code >= 500 || status >= 500) err = new ChannelConnectionError(`Zalo Bot API answered ${code}`);
  else err = new ChannelRejectedError(code, description || `Zalo Bot API answered ${code}`);
  return err;
}

/** Tuning of one client; tests pass a clock to check pauses without waiting. */
export interface ZaloBotClientOptions {
  /** Sends a second over all chats (ZALO_BOT_RATE). */
  rate?: number;
  maxWaitS?: number;
  now?: () => number;
}

/** One bot's API client, shared by the webhook, polling and send() so they share one pace and pause. */
export class ZaloBotClient {
  private pausedUntil = 0;
  private nextSlot = 0;

  constructor(
    private readonly token: string,
    private readonly apiRoot: string,
    private readonly opts: ZaloBotClientOptions = {},
  ) {}

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  /** Waits for this send's turn at the configured rate (one slot every 1/rate s over all chats). */
  private async pace(signal?: AbortSignal): Promise<void> {
    const interval = 1000 / (this.opts.rate ?? DEFAULT_RATE);
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now, undefined, { signal });
  }

  /** Calls one method; resolves with its result or rejects with a ChannelError. */
  async call<T>(method: string, payload: object = {}, signal?: AbortSignal, timeoutMs = REQUEST_TIMEOUT_MS) {
    const maxWait = (this.opts.maxWaitS ?? MAX_INPROCESS_WAIT_S) * 1000;
    for (let attempt = 1; ; attempt++) {
      const wait = this.pausedUntil - this.now();
      if (wait > maxWait) throw new ChannelThrottledError(Math.ceil(wait / 1000));
      try {
        if (wait > 0) await sleep(wait, undefined, { signal });
        if (SEND_METHODS.has(method)) await this.pace(signal);
        return (await this.request(method, payload, signal, timeoutMs)) as T;
      } catch (err) {
        if (signal?.aborted) throw new ChannelConnectionError('aborted');
        if (!(err instanceof ChannelThrottledError)) throw err;
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + err.retryAfter * 1000 + 100);
        if (err.retryAfter * 1000 > maxWait || attempt >= 3) throw err;
      }
    }
  }

  /**
   * Calls one method once, without pacing, waiting or retrying: a 429 is recorded as this client's
   * pause and thrown at once, for broadcasts whose shared gate owns the rate and the waiting.
   */
  async callOnce<T>(method: string, payload: object = {}): Promise<T> {
    try {
      return (await this.request(method, payload, undefined, REQUEST_TIMEOUT_MS)) as T;
    } catch (err) {
      if (err instanceof ChannelThrottledError)
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + err.retryAfter * 1000 + 100);
      throw err;
    }
  }

  /** Sends an image by URL with an optional caption (1-2000 characters), for officers' broadcasts. */
  sendPhoto(chatId: string, photo: string, caption?: string): Promise<{ message_id: string }> {
    return this.call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) });
  }

  private async request(method: string, payload: object, signal: AbortSignal | undefined, timeoutMs: number) {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    let body: ApiAnswer | undefined;
    try {
      res = await fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      body = (await res.json().catch(() => undefined)) as ApiAnswer | undefined;
    } catch {
      // fetch's own error names the URL, which holds the token: never pass it on.
      if (timeout.aborted) throw new ChannelTimeoutError('Zalo Bot API did not answer in time');
      throw new ChannelConnectionError('Zalo Bot API unreachable');
    }
    if (res.ok && body?.ok === true) return body.result;
    if (res.ok && body === undefined) throw new ChannelConnectionError('Zalo Bot API answered without JSON');
    throw toChannelError(res.status, body, res.headers.get('retry-after'));
  }
}
