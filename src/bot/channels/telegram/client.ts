/**
 * The Bot API client: telegraf's Telegram over HTTP (apiRoot configurable, webhookReply off so
 * every call is a real, observable request), with typed errors and flood control. After a 429
 * nothing is sent until retry_after has passed; a short wait happens here, a long one is the
 * caller's (ChannelThrottledError). https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
import { Telegraf } from 'telegraf';
import {
  ChannelConfigError,
  ChannelConnectionError,
  type ChannelError,
  ChannelRejectedError,
  ChannelThrottledError,
  ChannelTimeoutError,
  RecipientGoneError,
} from '../errors.ts';
import { FloodPause } from '../flood-control.ts';

/** Longest retry_after honoured in-process (docs/SOURCES.md: it has been seen at 18,053 s; cap it). */
export const MAX_INPROCESS_WAIT_S = 5;
/** Longest a broadcast send may take before it counts as timed out (its fate then unknown). */
export const SEND_TIMEOUT_MS = 15_000;
interface ApiFailure {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

/** Maps a telegraf or network failure to a typed error whose message has no URL or token. */
export function toChannelError(err: unknown): ChannelError {
  const res = (err as ApiFailure)?.response;
  const code = res?.error_code;
  if (typeof code !== 'number') return new ChannelConnectionError('Bot API unreachable');
  const description = (res?.description ?? '').slice(0, 200);
  if (code === 429) return new ChannelThrottledError(Math.max(1, res?.parameters?.retry_after ?? 1));
  if (code === 403) return new RecipientGoneError(description || 'Forbidden');
  if (code === 401 || code === 404)
    return new ChannelConfigError(`Bot API answered ${code}: check the token`);
  if (code >= 500) return new ChannelConnectionError(`Bot API answered ${code}`);
  return new ChannelRejectedError(code, description || `Bot API answered ${code}`);
}

type CallApi = (method: string, payload: object, opts?: { signal?: AbortSignal }) => Promise<unknown>;

/** One bot's API client; shared by the webhook, polling and send() so they share one flood pause. */
export class TelegramClient {
  private readonly callApi: CallApi;
  private readonly pause: FloodPause;

  constructor(
    token: string,
    apiRoot: string,
    private readonly opts: {
      maxWaitS?: number;
      now?: () => number;
      sendTimeoutMs?: number;
      /** Told of every 429 (its retry_after in seconds), e.g. to pause the bot's broadcasts. */
      onPause?: (seconds: number) => void;
    } = {},
  ) {
    const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } });
    this.callApi = bot.telegram.callApi.bind(bot.telegram) as unknown as CallApi;
    this.pause = new FloodPause(() => this.opts.now?.() ?? Date.now(), opts.onPause);
  }

  /**
   * Calls one method once, without waiting or retrying: a 429 is recorded as this client's pause and
   * thrown at once, for broadcasts whose shared gate owns waiting (all replicas, persisted).
   */
  async callOnce<T>(method: string, payload: object = {}): Promise<T> {
    const timeout = AbortSignal.timeout(this.opts.sendTimeoutMs ?? SEND_TIMEOUT_MS);
    try {
      return (await this.callApi(method, payload, { signal: timeout })) as T;
    } catch (err) {
      if (timeout.aborted) throw new ChannelTimeoutError('Bot API did not answer in time');
      const typed = toChannelError(err);
      this.pause.record(typed);
      throw typed;
    }
  }

  /**
   * Calls one Bot API method; resolves with its result or rejects with a ChannelError. A 429 is
   * waited out up to maxWaitS (MAX_INPROCESS_WAIT_S unless given, e.g. URGENT_MAX_WAIT_S).
   */
  call<T>(method: string, payload: object = {}, signal?: AbortSignal, maxWaitS?: number): Promise<T> {
    const maxWaitMs = (maxWaitS ?? this.opts.maxWaitS ?? MAX_INPROCESS_WAIT_S) * 1000;
    const attempt = async () => (await this.callApi(method, payload, { signal })) as T;
    return this.pause.run(attempt, { maxWaitMs, signal, toError: toChannelError });
  }
}
