/**
 * The Zalo Official Account channel. Zalo expects the webhook's 200 within about 2 s and retries
 * otherwise, so the webhook only verifies and stores: signature on the raw bytes -> parse -> the
 * event into the inbox table (durable) -> 200. A worker (every replica runs one; SKIP LOCKED leases
 * share the rows, an expired lease hands a crashed worker's rows to another) then runs each event:
 * handleInbound with the event id (database dedupe) -> renderZaloOa -> send under the reply-window
 * rules -> delete the row. Logs carry event types and error classes only: never text, user ids or
 * tokens. The webhook URL is set in the Zalo developer console: /webhooks/zalo-oa on PUBLIC_URL.
 */
import type { FastifyInstance } from 'fastify';
import {
  acceptEvent,
  deleteEvent,
  dropEvents,
  forgetZaloChat,
  type InboxEvent,
  leaseEvents,
  markChatGone,
  recordInteraction,
} from '../../../db/queries/zalo-oa.ts';
import type { Reply } from '../../types.ts';
import { AdapterBase } from '../adapter-base.ts';
import { sendParts } from '../broadcast-parts.ts';
import { ChannelError, ChannelRejectedError, NotSendableError, RecipientGoneError } from '../errors.ts';
import type {
  BroadcastMessage,
  BroadcastOptions,
  ChannelAdapter,
  ChannelContext,
  ChannelFactory,
  SendCheck,
  SendGate,
  SentAs,
} from '../types.ts';
import { broadcastParts, csBody, promotionBroadcastBody } from './broadcast.ts';
import { TEMPLATE_REFUSED, ZALO_OA_ERRORS, ZaloOaClient } from './client.ts';
import { messageBody, renderZaloOa, resolvePayload, type ZaloOaOutgoing } from './render.ts';
import { canSend, releaseSend, reserveSend } from './send-rules.ts';
import { TokenStore } from './tokens.ts';
import { parseZaloOaEvent, readEnvelope, verifySignature, type ZaloOaEvent } from './update.ts';
import type { NotSendable, SendDecision, SendKind, SendLimits } from './window.ts';

/** Where Zalo posts OA events (configured in the Zalo developer console). */
export const WEBHOOK_PATH = '/webhooks/zalo-oa';
const SIGNATURE_HEADER = 'x-zevent-signature';
const CHANNEL = 'zalo-oa' as const;
/** How long a worker holds an event before another replica may take it over. */
export const LEASE_MS = 60_000;
/** How often the worker looks for events (new ones also wake it at once). */
export const WORKER_POLL_MS = 1000;
/** Events taken per lease. */
const BATCH = 10;
/** An event that failed this many times is dropped (and logged) instead of blocking the inbox. */
export const MAX_ATTEMPTS = 5;
/** How often the token is checked so it is refreshed before expiry even when the OA is quiet. */
const TOKEN_CHECK_MS = 10 * 60 * 1000;

/** The error codes a send that may not be attempted is reported with (what Zalo would answer). */
const NOT_SENDABLE_CODE: Record<NotSendable, number> = {
  gone: ZALO_OA_ERRORS.NOT_FOLLOWING,
  no_interaction: ZALO_OA_ERRORS.NO_INTERACTION,
  outside_7_days: ZALO_OA_ERRORS.NO_INTERACTION_7_DAYS,
  proactive_quota_exhausted: ZALO_OA_ERRORS.OUT_OF_QUOTA,
  promotion_daily_cap: ZALO_OA_ERRORS.OUT_OF_QUOTA,
  promotion_monthly_cap: ZALO_OA_ERRORS.OUT_OF_QUOTA,
};

/**
 * A send not attempted because the platform's rules forbid it now: the shared NotSendableError (a
 * broadcast skips with the reason), with the code Zalo would have answered.
 */
export class ZaloOaNotSendableError extends NotSendableError {
  readonly code: number;
  constructor(override readonly reason: NotSendable) {
    super(reason);
    this.code = NOT_SENDABLE_CODE[reason];
  }
}

/** config.zaloOa. */
export interface ZaloOaSettings extends SendLimits {
  appId: string;
  secretKey: string;
  appSecret?: string;
  accessToken?: string;
  refreshToken?: string;
  apiRoot: string;
  oauthRoot: string;
  rate?: number;
}

/** The Zalo OA adapter; canSend and the client are exposed for broadcasts. */
export class ZaloOaAdapter extends AdapterBase implements ChannelAdapter {
  readonly name = CHANNEL;
  readonly tokens: TokenStore;
  readonly client: ZaloOaClient;
  private started = false;
  private draining: Promise<void> | undefined;
  private again = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    ctx: ChannelContext,
    private readonly cfg: ZaloOaSettings,
  ) {
    super(ctx);
    this.tokens = new TokenStore(ctx.bot.database, cfg, () => this.now());
    this.client = new ZaloOaClient(cfg.apiRoot, this.tokens, {
      rate: cfg.rate,
      onPause: this.pauseBroadcasts,
    });
  }

  routes(app: FastifyInstance): void {
    // An encapsulated scope: only this route keeps the raw bytes the signature is computed on.
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.post(WEBHOOK_PATH, async (req, reply) => {
        const started = process.hrtime.bigint();
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const envelope = readEnvelope(raw);
        if (!envelope.ok) return reply.code(400).send({ error: 'bad_request', message: envelope.message });
        const signed = verifySignature(req.headers[SIGNATURE_HEADER], raw, envelope, this.cfg.secretKey);
        if (!signed || envelope.appId !== this.cfg.appId)
          return reply
            .code(401)
            .send({ error: 'unauthorized', message: 'bad or missing X-ZEvent-Signature' });
        const parsed = parseZaloOaEvent(envelope.body, this.now());
        if (!parsed.ok) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
        await this.accept(parsed.event);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.ctx.metrics.webhookLatency.observe({ channel: CHANNEL }, seconds);
        return { ok: true };
      });
    });
  }

  async start(): Promise<void> {
    await this.tokens.seed(this.cfg.accessToken, this.cfg.refreshToken);
    // A token that cannot be refreshed stops start-up with a configuration error.
    await this.tokens.current();
    this.started = true;
    const poll = setInterval(() => this.kick(), WORKER_POLL_MS);
    const tokenCheck = setInterval(() => {
      this.tokens.current().catch((err: Error) => this.warn(err, 'token refresh'));
    }, TOKEN_CHECK_MS);
    for (const t of [poll, tokenCheck]) t.unref();
    this.timers = [poll, tokenCheck];
    this.kick();
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.draining?.catch(() => {});
  }

  /** Sends a broadcast outside a turn as the rules allow (free reply, promotion) or throws why not. */
  async send(chatId: string, replies: Reply[]): Promise<void> {
    await this.deliver(chatId, replies, 'broadcast');
  }

  /** Sends a consultation reply outside a turn (an officer answering a resident) under the reply rules. */
  async sendReply(chatId: string, replies: Reply[]): Promise<void> {
    await this.deliver(chatId, replies, 'reply');
  }

  /** "Can I send to X now, and as what" for the broadcast engine. */
  canSend(chatId: string, kind: SendKind): Promise<SendDecision> {
    return canSend(this.ctx.bot.database.db, chatId, this.now(), kind, this.cfg);
  }

  /** "Can I send a broadcast to X now, and as what" without counting anything. */
  override async checkBroadcast(chatId: string): Promise<SendCheck> {
    const d = await this.canSend(chatId, 'broadcast');
    return d.ok ? { ok: true, as: d.as } : { ok: false, reason: d.reason };
  }

  /**
   * Sends one broadcast message under the shared gate as the rules allow: each message reserved
   * (counted) first and given back if the platform refuses it; not sendable -> NotSendableError
   * (gone -> RecipientGoneError), nothing counted.
   */
  async sendBroadcast(
    chatId: string,
    msg: BroadcastMessage,
    gate: SendGate,
    _opts: BroadcastOptions = {},
  ): Promise<SentAs> {
    const db = this.ctx.bot.database.db;
    const parts = broadcastParts(msg);
    if (parts.length === 0) throw new ChannelRejectedError(0, 'empty broadcast message');
    let firstAs: string | undefined;
    let promoted = false;
    const steps = parts.map((part, i) => async () => {
      if (promoted) return;
      const now = this.now();
      const r = await reserveSend(db, chatId, now, 'broadcast', this.cfg);
      if (!r.ok) {
        if (r.reason === 'gone') throw new RecipientGoneError('the follower has left the OA');
        if (i === 0) throw new ZaloOaNotSendableError(r.reason);
        throw new ChannelRejectedError(
          NOT_SENDABLE_CODE[r.reason],
          `part ${i + 1} not sendable: ${r.reason}`,
        );
      }
      try {
        if (r.as === 'promotion') {
          // A follower gets one promotion a day: the whole message goes as that one.
          if (i > 0) throw new ChannelRejectedError(0, `part ${i + 1} would be a second promotion`);
          await this.client.sendPromotion(promotionBroadcastBody(chatId, msg), { paced: false });
          promoted = true;
        } else {
          const quote = r.as === 'free_reply' ? r.quote : undefined;
          await this.client.sendCs(csBody(chatId, part, quote), { paced: false });
        }
        firstAs ??= r.as;
      } catch (err) {
        await releaseSend(db, chatId, r.as, now);
        throw err;
      }
    });
    try {
      await sendParts(steps, gate, { minGapMs: 0 });
    } catch (err) {
      await this.unsubscribeIfGone(err, chatId);
      throw err instanceof ChannelError ? err : new ChannelRejectedError(0, 'send failed');
    }
    return { as: firstAs };
  }

  /** Runs the inbox until it is empty (the worker's loop; tests call it to wait for the work). */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        while ((await this.work()) > 0) {}
      } while (this.again);
    })().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private kick() {
    if (this.started) this.drain().catch((err: Error) => this.warn(err, 'inbox'));
  }

  /** A follower who left is unsubscribed and their reply-window counters are marked gone. */
  protected override async markGone(chatId: string, now = this.now()): Promise<void> {
    await super.markGone(chatId, now);
    await markChatGone(this.ctx.bot.database.db, chatId, now);
  }

  /** Stores an accepted event before the 200; an unfollow is applied at once (no message to send). */
  private async accept(event: ZaloOaEvent): Promise<void> {
    const db = this.ctx.bot.database.db;
    const now = this.now();
    if (event.kind === 'ignored') {
      this.ctx.log.info({ channel: CHANNEL, type: event.event, reason: event.reason }, 'event ignored');
      return;
    }
    if (event.kind === 'gone') {
      if (await this.claim(event.key, now)) await this.markGone(event.chatId, now);
      return;
    }
    const fresh = await acceptEvent(db, event.key, { inbound: event.inbound, msgId: event.msgId }, now);
    if (!fresh) {
      this.ctx.metrics.updatesDuplicate.inc({ channel: CHANNEL });
      return;
    }
    // The user's message opens a new free-reply window (counted once: a retry is not fresh).
    await recordInteraction(db, event.inbound.chatId, event.msgId ?? null, now);
    this.kick();
  }

  /** Leases one batch and handles it; returns how many events it took. */
  private async work(): Promise<number> {
    const db = this.ctx.bot.database.db;
    const batch = await leaseEvents(db, this.now(), LEASE_MS, BATCH);
    const dropped: string[] = [];
    for (const row of batch) {
      try {
        await this.turn(row);
        await deleteEvent(db, row.eventId);
      } catch (err) {
        this.warn(err as Error, 'event');
        if (row.attempts >= MAX_ATTEMPTS) dropped.push(row.eventId);
      }
    }
    await dropEvents(db, dropped);
    return batch.length;
  }

  private async turn(row: InboxEvent): Promise<void> {
    const chatId = row.event.inbound.chatId;
    const inbound = await this.resolveAction(row.event.inbound, resolvePayload);
    const result = await this.turnOnce(inbound, row.eventId);
    if (!result) return;
    // The turn is done: a failed reply is logged, never a reason to run the turn again.
    await this.deliver(chatId, result.replies, 'reply').catch((err: Error) => this.warn(err, 'send'));
    // After "delete my data" the confirmation went out under the window rules; now the counters go too.
    if (result.effects.some((e) => e.type === 'delete_data'))
      await forgetZaloChat(this.ctx.bot.database.db, chatId);
  }

  /** Sends replies in order, each under the rules; a template the platform refuses goes numbered. */
  private async deliver(chatId: string, replies: Reply[], kind: SendKind): Promise<void> {
    const db = this.ctx.bot.database.db;
    for (const msg of renderZaloOa(replies)) {
      const now = this.now();
      const r = await reserveSend(db, chatId, now, kind, this.cfg);
      if (!r.ok) {
        if (r.reason === 'gone') throw new RecipientGoneError('the follower has left the OA');
        throw new ZaloOaNotSendableError(r.reason);
      }
      try {
        await this.sendOne(chatId, msg, r.as, r.quote).catch(async (err: unknown) => {
          if (!(err instanceof ChannelRejectedError && TEMPLATE_REFUSED.has(err.code) && msg.buttons))
            throw err;
          this.warn(err, 'template refused');
          await this.sendOne(chatId, numbered(msg), r.as, r.quote);
        });
        this.ctx.metrics.repliesSent.inc({ channel: CHANNEL });
      } catch (err) {
        await releaseSend(db, chatId, r.as, now);
        await this.unsubscribeIfGone(err, chatId, now);
        throw err instanceof ChannelError ? err : new ChannelRejectedError(0, 'send failed');
      }
    }
  }

  private sendOne(chatId: string, msg: ZaloOaOutgoing, as: string, quote?: string) {
    if (as === 'promotion') return this.client.sendPromotion(promotionBody(chatId, msg));
    return this.client.sendCs(messageBody(chatId, msg, as === 'free_reply' ? quote : undefined));
  }
}

/** The same message as text with its buttons as a numbered list (the core reads "2" as the second). */
function numbered(msg: ZaloOaOutgoing): ZaloOaOutgoing {
  const list = (msg.buttons ?? []).map((b, i) => `${i + 1}. ${b.title}`).join('\n');
  return { text: `${msg.text}\n\n${list}` };
}

/** A promotion message: header and text elements (v3 promotion template, UNVERIFIED beyond these). */
function promotionBody(chatId: string, msg: ZaloOaOutgoing): Record<string, unknown> {
  const [header, ...rest] = msg.text.split('\n');
  const elements = [
    { type: 'header', content: (header ?? '').slice(0, 100) },
    ...(rest.join('\n').trim() ? [{ type: 'text', align: 'left', content: rest.join('\n').trim() }] : []),
  ];
  return {
    recipient: { user_id: chatId },
    message: { attachment: { type: 'template', payload: { template_type: 'promotion', elements } } },
  };
}

/** The Zalo OA is on when ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY and a token are set. */
export const zaloOaChannel: ChannelFactory = (ctx) =>
  ctx.config.zaloOa ? new ZaloOaAdapter(ctx, ctx.config.zaloOa) : undefined;
