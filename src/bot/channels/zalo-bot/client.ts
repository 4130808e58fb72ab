/**
 * The Zalo Bot Platform client: POST JSON to <apiRoot>/bot<token>/<method> with fetch, answers
 * {ok, result} or {ok: false, error_code, description}. Failures become the typed channel errors;
 * sends are paced at a configurable rate (the platform documents none) and after a 429 nothing is
 * sent until its retry_after has passed. The token is in the URL path, so no URL is ever put in an
 * error or a log. https://bot.zaloplatforms.com/docs
 */
import {
  ChannelConfigError,
  ChannelConnectionError,
  type ChannelError,
  ChannelRejectedError,
  ChannelThrottledError,
  RecipientGoneError,
} from '../errors.ts';
import { FloodPause, SendPacer } from '../flood-control.ts';
import { postJson } from '../post-json.ts';

/** Default sends a second (ZALO_BOT_RATE); docs/SOURCES.md: no documented limit, so it is configuration. */
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
  /** Told of every 429 (its retry_after in seconds), e.g. to pause the bot's broadcasts. */
  onPause?: (seconds: number) => void;
}

/** One bot's API client, shared by the webhook, polling and send() so they share one pace and pause. */
export class ZaloBotClient {
  private readonly pause: FloodPause;
  private readonly pacer: SendPacer;

  constructor(
    private readonly token: string,
    private readonly apiRoot: string,
    private readonly opts: ZaloBotClientOptions = {},
  ) {
    const now = () => this.opts.now?.() ?? Date.now();
    this.pause = new FloodPause(now, opts.onPause);
    this.pacer = new SendPacer(opts.rate ?? DEFAULT_RATE, now);
  }

  /**
   * Calls one method; resolves with its result or rejects with a ChannelError. A 429 is waited out
   * up to maxWaitS (MAX_INPROCESS_WAIT_S unless given, e.g. URGENT_MAX_WAIT_S).
   */
  call<T>(
    method: string,
    payload: object = {},
    signal?: AbortSignal,
    timeoutMs = REQUEST_TIMEOUT_MS,
    maxWaitS?: number,
  ) {
    const maxWaitMs = (maxWaitS ?? this.opts.maxWaitS ?? MAX_INPROCESS_WAIT_S) * 1000;
    const attempt = async () => {
      if (SEND_METHODS.has(method)) await this.pacer.wait(signal);
      return (await this.request(method, payload, signal, timeoutMs)) as T;
    };
    return this.pause.run(attempt, { maxWaitMs, signal });
  }

  /**
   * Calls one method once, without pacing, waiting or retrying: a 429 is recorded as this client's
   * pause and thrown at once, for broadcasts whose shared gate owns the rate and the waiting.
   */
  async callOnce<T>(method: string, payload: object = {}): Promise<T> {
    try {
      return (await this.request(method, payload, undefined, REQUEST_TIMEOUT_MS)) as T;
    } catch (err) {
      this.pause.record(err);
      throw err;
    }
  }

  /** Sends an image by URL with an optional caption (1-2000 characters), for officers' broadcasts. */
  sendPhoto(chatId: string, photo: string, caption?: string): Promise<{ message_id: string }> {
    return this.call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) });
  }

  private async request(method: string, payload: object, signal: AbortSignal | undefined, timeoutMs: number) {
    const url = `${this.apiRoot}/bot${this.token}/${method}`;
    const { res, body } = await postJson<ApiAnswer>(url, payload, { api: 'Zalo Bot API', timeoutMs, signal });
    if (res.ok && body?.ok === true) return body.result;
    if (res.ok && body === undefined) throw new ChannelConnectionError('Zalo Bot API answered without JSON');
    throw toChannelError(res.status, body, res.headers.get('retry-after'));
  }
}
