/**
 * A local fake of the Zalo OA API v3 and its OAuth endpoint for tests, on one 127.0.0.1 port (point
 * ZALO_OA_API_ROOT and ZALO_OAUTH_ROOT at it). It records every call and enforces what the platform
 * enforces (docs/SOURCES.md): the access_token header (-216 unknown, -220 expired), single-use refresh tokens
 * and the app's secret_key header, text of 1-2000 characters, at most 5 template buttons, error -230
 * after 7 days without interaction, 8 free replies (quoting the user's message) within 48 h of her
 * last message and then the monthly proactive quota (-211), promotions 1 a day and 4 a month a
 * follower, -213 for users who unfollowed, a queued -32 rate limit, and a configurable send rate
 * (sendsPerSecond: above it -32 and a pause during which every send is answered -32 and counted in
 * sentDuringPause). Image messages (media template, promotion banner) are accepted. Every message
 * send is recorded with its arrival time in `sends` (status = the OA error code, 0 accepted).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hang, LimitedFake, SendLimiter } from './limits.ts';

export { type InjectedFailure, maxInAnyWindow, type SendRecord } from './limits.ts';

export interface ZaloOaCall {
  path: string;
  body: Record<string, unknown>;
  /** The access_token header (cs/promotion) or the form (OAuth); tests never print it. */
  token?: string;
  /** Where Zalo took the message from: reply, sub_quota (proactive) or promotion; absent on errors. */
  quotaType?: 'reply' | 'sub_quota' | 'promotion';
  error: number;
}

export interface FakeZaloOaOptions {
  appId: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  proactiveQuota?: number;
  /** The fake's clock in ms (tests align it with the service's). */
  now?: () => number;
  /** Delay of the OAuth answer, so two refreshes can overlap. */
  oauthDelayMs?: number;
  /** Message sends over all users in any sliding 1000 ms before -32 (default: no limit). */
  sendsPerSecond?: number;
  /** How long the OA stays rate-limited after going over (seconds, default 1; Zalo gives no retry_after). */
  pauseS?: number;
}

/** Zalo's answer to too many requests (developers.zalo.me error table). */
const RATE_LIMITED = -32;

const DAY = 24 * 3600 * 1000;
const MAX_TEXT = 2000;
const MAX_BUTTONS = 5;

type Answer = { status: number; body: unknown };
const fail = (error: number, message: string): Answer => ({ status: 200, body: { error, message } });

/** The running fake; close() it after the test. */
export class FakeZaloOaApi extends LimitedFake {
  readonly calls: ZaloOaCall[] = [];
  /** Users who unfollowed: sends answer -213. */
  readonly unfollowed = new Set<string>();
  /** Errors to answer the next sends with, in order. */
  readonly failNext: number[] = [];
  /** Answer any template with -201 (an OA whose templates are refused). */
  refuseTemplates = false;
  refreshCalls = 0;
  private validAccess = new Set<string>();
  private expiredAccess = new Set<string>();
  private validRefresh = new Set<string>();
  private lastInteraction = new Map<string, number>();
  private repliesSince = new Map<string, number>();
  private proactive = 0;
  private promotions = new Map<string, number[]>();
  private next = 1;
  constructor(readonly opts: FakeZaloOaOptions) {
    super(new SendLimiter({ perSecond: opts.sendsPerSecond, retryAfterS: opts.pauseS ?? 1 }));
    this.validAccess.add(opts.accessToken);
    this.validRefresh.add(opts.refreshToken);
  }

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  /** The user wrote to the OA at a time (default now): her free-reply window opens again. */
  userWrote(userId: string, at = this.now()): void {
    this.lastInteraction.set(userId, at);
    this.repliesSince.set(userId, 0);
  }

  /** Makes an access token answer -220 from now on (as after its 25 h). */
  expire(accessToken: string): void {
    this.validAccess.delete(accessToken);
    this.expiredAccess.add(accessToken);
  }

  /** Free replies counted for a user since her last message. */
  freeReplies(userId: string): number {
    return this.repliesSince.get(userId) ?? 0;
  }

  get proactiveUsed(): number {
    return this.proactive;
  }

  /** Successful message sends to one user, in order. */
  sentTo(userId: string): ZaloOaCall[] {
    return this.calls.filter(
      (c) => c.error === 0 && (c.body.recipient as { user_id?: string } | undefined)?.user_id === userId,
    );
  }

  /** Texts of the successful sends to one user. */
  textsTo(userId: string): string[] {
    return this.sentTo(userId).map((c) => String((c.body.message as { text?: string }).text ?? ''));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/v4/oa/access_token') return send(res, await this.oauth(raw, req));
    let body: Record<string, unknown>;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(res, fail(-201, 'body is invalid'));
    }
    const token = String(req.headers.access_token ?? '');
    const call: ZaloOaCall = { path, body, token, error: 0 };
    this.calls.push(call);
    if (path.startsWith('/v3.0/oa/message/')) {
      const userId = (body.recipient as { user_id?: unknown } | undefined)?.user_id;
      const verdict = this.limiter.admit(path.slice('/v3.0/oa/message/'.length), String(userId ?? ''));
      if (!verdict.accepted) {
        call.error = RATE_LIMITED;
        if (verdict.reason !== 'injected') return send(res, fail(RATE_LIMITED, 'Too many requests'));
        const f = verdict.failure;
        if ('timeout' in f) return hang(res, f.afterMs);
        if (f.status === 429) return send(res, fail(RATE_LIMITED, 'Too many requests'));
        call.error = 500;
        return send(res, { status: 500, body: { error: 500, message: 'internal error' } });
      }
      const answer = this.answer(path, body, token, call);
      call.error = (answer.body as { error?: number }).error ?? 0;
      if (call.error === 0) this.limiter.accept(verdict.record);
      else verdict.record.status = call.error;
      return send(res, answer);
    }
    const answer = this.answer(path, body, token, call);
    call.error = (answer.body as { error?: number }).error ?? 0;
    send(res, answer);
  }

  private async oauth(raw: string, req: IncomingMessage): Promise<Answer> {
    const form = new URLSearchParams(raw);
    this.refreshCalls++;
    this.calls.push({ path: '/v4/oa/access_token', body: {}, error: 0 });
    if (this.opts.oauthDelayMs) await new Promise((r) => setTimeout(r, this.opts.oauthDelayMs));
    if (req.headers.secret_key !== this.opts.appSecret) return fail(-14001, 'invalid secret key');
    if (form.get('app_id') !== this.opts.appId) return fail(-14002, 'invalid app id');
    if (form.get('grant_type') !== 'refresh_token') return fail(-14003, 'invalid grant type');
    const used = form.get('refresh_token') ?? '';
    if (!this.validRefresh.delete(used)) return fail(-14014, 'Invalid refresh token');
    const n = this.next++;
    const access = `fake-access-${n}-${Math.random().toString(36).slice(2)}`;
    const refresh = `fake-refresh-${n}-${Math.random().toString(36).slice(2)}`;
    this.validAccess.add(access);
    this.validRefresh.add(refresh);
    return { status: 200, body: { access_token: access, refresh_token: refresh, expires_in: '90000' } };
  }

  private answer(path: string, body: Record<string, unknown>, token: string, call: ZaloOaCall): Answer {
    if (this.expiredAccess.has(token)) return fail(-220, 'access_token is expired or removed');
    if (!this.validAccess.has(token)) return fail(-216, 'Access token is invalid');
    if (path !== '/v3.0/oa/message/cs' && path !== '/v3.0/oa/message/promotion')
      return { status: 404, body: { error: 404, message: 'not found' } };
    const userId = (body.recipient as { user_id?: unknown } | undefined)?.user_id;
    const message = body.message as Record<string, unknown> | undefined;
    if (typeof userId !== 'string' || !message) return fail(-201, 'recipient or message is invalid');
    const queued = this.failNext.shift();
    if (queued !== undefined) return fail(queued, 'queued failure');
    if (this.unfollowed.has(userId)) return fail(-213, 'User has not followed OA');
    if (path === '/v3.0/oa/message/promotion') return this.promotion(userId, message, call);
    const text = message.text;
    const media = (
      message.attachment as { payload?: { template_type?: string; elements?: unknown[] } } | undefined
    )?.payload;
    if (media?.template_type === 'media') {
      const el = media.elements?.[0] as { media_type?: string; url?: unknown } | undefined;
      if (media.elements?.length !== 1 || el?.media_type !== 'image' || typeof el.url !== 'string')
        return fail(-201, 'attachment is invalid');
      if (text !== undefined && (typeof text !== 'string' || text.length > MAX_TEXT))
        return fail(-201, 'text is invalid');
    } else if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT)
      return fail(-201, 'text is invalid');
    const buttons = (message.attachment as { payload?: { buttons?: unknown[] } } | undefined)?.payload
      ?.buttons;
    if (buttons !== undefined && (this.refuseTemplates || buttons.length > MAX_BUTTONS))
      return fail(-201, 'attachment is invalid');
    const now = this.now();
    const last = this.lastInteraction.get(userId);
    if (last === undefined || now - last > 7 * DAY)
      return fail(-230, 'User has not interacted with the OA in the past 7 days');
    const replies = this.repliesSince.get(userId) ?? 0;
    if (message.quote_message_id !== undefined && now - last <= 2 * DAY && replies < 8) {
      this.repliesSince.set(userId, replies + 1);
      call.quotaType = 'reply';
    } else {
      if (this.proactive >= (this.opts.proactiveQuota ?? 1000)) return fail(-211, 'Out of quota');
      this.proactive++;
      call.quotaType = 'sub_quota';
    }
    return {
      status: 200,
      body: { error: 0, message: 'Success', data: { message_id: `m${this.next++}`, user_id: userId } },
    };
  }

  private promotion(userId: string, message: Record<string, unknown>, call: ZaloOaCall): Answer {
    if (!message.attachment) return fail(-201, 'attachment is required');
    const now = this.now();
    const sent = (this.promotions.get(userId) ?? []).filter((t) => now - t < 31 * DAY);
    const vnDay = (t: number) => new Date(t + 7 * 3600 * 1000).toISOString().slice(0, 10);
    if (sent.filter((t) => vnDay(t) === vnDay(now)).length >= 1) return fail(-218, 'Out of quota receive');
    if (sent.filter((t) => vnDay(t).slice(0, 7) === vnDay(now).slice(0, 7)).length >= 4)
      return fail(-218, 'Out of quota receive');
    sent.push(now);
    this.promotions.set(userId, sent);
    call.quotaType = 'promotion';
    return { status: 200, body: { error: 0, message: 'Success', data: { message_id: `p${this.next++}` } } };
  }
}

function send(res: ServerResponse, answer: Answer) {
  if (res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}

/** Starts a fake on a free port. */
export function startFakeZaloOa(opts: FakeZaloOaOptions): Promise<FakeZaloOaApi> {
  return new FakeZaloOaApi(opts).start();
}
