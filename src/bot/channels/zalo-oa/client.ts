/**
 * The Zalo OA v3 message client: POST JSON to <apiRoot>/v3.0/oa/message/<type> with the access
 * token in the access_token header; answers {error: 0, data} or {error: <negative code>, message}.
 * Errors become the typed channel errors; an expired or invalid token is refreshed (once for all
 * replicas, TokenStore) and the call retried once. Sends are paced at ZALO_OA_RATE.
 * https://developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van/gui-tin-tu-van
 */
import {
  ChannelConfigError,
  ChannelConnectionError,
  type ChannelError,
  ChannelRejectedError,
  ChannelThrottledError,
  RecipientGoneError,
} from '../errors.ts';
import { SendPacer } from '../flood-control.ts';
import { postJson } from '../post-json.ts';
import type { TokenStore } from './tokens.ts';

/** Zalo OA error codes the adapter acts on (developers.zalo.me error table). */
export const ZALO_OA_ERRORS = {
  RATE_LIMITED: -32,
  INVALID_PARAM: -201,
  PARAM_LIMIT: -210,
  OUT_OF_QUOTA: -211,
  NOT_FOLLOWING: -213,
  TOKEN_INVALID: -216,
  TOKEN_EXPIRED: -220,
  USER_INACTIVE: -227,
  NO_INTERACTION_7_DAYS: -230,
  NO_INTERACTION: -232,
  TYPE_NOT_SUPPORTED: -233,
} as const;
const TOKEN_ERRORS = new Set<number>([ZALO_OA_ERRORS.TOKEN_INVALID, ZALO_OA_ERRORS.TOKEN_EXPIRED]);
const GONE_ERRORS = new Set<number>([ZALO_OA_ERRORS.NOT_FOLLOWING, ZALO_OA_ERRORS.USER_INACTIVE]);
/** Answers that mean "this message's shape was refused": a template is retried as numbered text. */
export const TEMPLATE_REFUSED = new Set<number>([
  ZALO_OA_ERRORS.INVALID_PARAM,
  ZALO_OA_ERRORS.PARAM_LIMIT,
  ZALO_OA_ERRORS.TYPE_NOT_SUPPORTED,
]);
/** Default sends a second (ZALO_OA_RATE): about 20/s is reported (docs/SOURCES.md, UNVERIFIED). */
export const DEFAULT_RATE = 20;
/** Pause after a rate-limit answer (Zalo gives no retry_after). */
export const RATE_LIMIT_PAUSE_S = 60;
const REQUEST_TIMEOUT_MS = 15_000;

/** Maps a Zalo error code to a typed error whose message carries no token, id or text. */
export function toZaloOaError(code: number, message: string): ChannelError {
  const text = `Zalo OA answered ${code}: ${message.slice(0, 120)}`;
  if (code === ZALO_OA_ERRORS.RATE_LIMITED) return new ChannelThrottledError(RATE_LIMIT_PAUSE_S, text);
  if (GONE_ERRORS.has(code)) return new RecipientGoneError(text);
  if (TOKEN_ERRORS.has(code)) return new ChannelConfigError(text);
  return new ChannelRejectedError(code, text);
}

/** What a successful send answers: the message id, and which quota Zalo took it from when it says. */
export interface SentMessage {
  message_id?: string;
  quota_type?: string;
}

/** paced: false for broadcasts, whose shared gate owns the rate (all replicas). */
export interface CallOptions {
  paced?: boolean;
}

/** One OA's message client, shared by turns and broadcasts so they share one pace. */
export class ZaloOaClient {
  private readonly pacer: SendPacer;

  constructor(
    private readonly apiRoot: string,
    private readonly tokens: TokenStore,
    private readonly opts: {
      rate?: number;
      /** Told of every rate-limit answer (the pause in seconds), e.g. to pause the OA's broadcasts. */
      onPause?: (seconds: number) => void;
    } = {},
  ) {
    this.pacer = new SendPacer(opts.rate ?? DEFAULT_RATE);
  }

  /** Sends a consultation message (text, quoting, template). */
  sendCs(body: object, opts?: CallOptions): Promise<SentMessage> {
    return this.call('/v3.0/oa/message/cs', body, opts);
  }

  /** Sends a promotion message (broadcasts outside the reply window; per-follower caps apply). */
  sendPromotion(body: object, opts?: CallOptions): Promise<SentMessage> {
    return this.call('/v3.0/oa/message/promotion', body, opts);
  }

  /** Calls one endpoint; a rate-limit answer is passed on to onPause before it is thrown. */
  async call(path: string, body: object, opts: CallOptions = {}): Promise<SentMessage> {
    try {
      return await this.callWithToken(path, body, opts);
    } catch (err) {
      if (err instanceof ChannelThrottledError) this.opts.onPause?.(err.retryAfter);
      throw err;
    }
  }

  /** One call; an expired or invalid token is refreshed and the call retried once. */
  private async callWithToken(path: string, body: object, opts: CallOptions): Promise<SentMessage> {
    if (opts.paced !== false) await this.pacer.wait();
    const token = await this.tokens.current();
    const first = await this.request(path, body, token);
    if (first.ok) return first.data;
    if (!TOKEN_ERRORS.has(first.code)) throw toZaloOaError(first.code, first.message);
    const fresh = await this.tokens.refresh(token);
    const second = await this.request(path, body, fresh);
    if (second.ok) return second.data;
    throw toZaloOaError(second.code, second.message);
  }

  private async request(path: string, payload: object, token: string) {
    const { res, body } = await postJson<{ error?: unknown; message?: unknown; data?: unknown }>(
      `${this.apiRoot}${path}`,
      payload,
      { api: 'Zalo OA API', headers: { access_token: token }, timeoutMs: REQUEST_TIMEOUT_MS },
    );
    if (res.status === 429) throw new ChannelThrottledError(RATE_LIMIT_PAUSE_S);
    if (res.status >= 500 || body === undefined)
      throw new ChannelConnectionError(`Zalo OA API answered ${res.status}`);
    const code = Number(body.error ?? 0);
    if (code === 0) return { ok: true as const, data: (body.data ?? {}) as SentMessage };
    return { ok: false as const, code, message: typeof body.message === 'string' ? body.message : '' };
  }
}
