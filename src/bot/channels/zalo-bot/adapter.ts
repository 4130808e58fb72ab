/**
 * The Zalo Bot Platform channel: webhook at POST /webhooks/zalo-bot when PUBLIC_URL is set,
 * getUpdates polling otherwise (the platform allows one or the other). Both modes share one path:
 * update -> parseZaloBotUpdate (pure) -> handleInbound (one transaction, the update's id claimed in
 * the database so a re-delivery is handled once) -> renderZaloBot (pure, numbered menus) ->
 * sendMessage. Logs carry event types only: never text, chat ids, the secret or the token (which is
 * in the API's URL path).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { claimUpdate } from '../../../db/queries/conversation.ts';
import { handleInbound } from '../../handle-inbound.ts';
import { markRecipientGone } from '../../recipient-gone.ts';
import type { Reply } from '../../types.ts';
import { sendParts } from '../broadcast-parts.ts';
import { ChannelRejectedError, RecipientGoneError } from '../errors.ts';
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
import { renderZaloBotBroadcast, ZALO_BOT_PART_GAP_MS } from './broadcast.ts';
import { ZaloBotClient } from './client.ts';
import { ZaloBotPoller } from './polling.ts';
import { renderZaloBot } from './render.ts';
import { parseZaloBotUpdate, type ZaloBotEvent } from './update.ts';

/** Where Zalo posts updates in webhook mode (registered with setWebhook on start). */
export const WEBHOOK_PATH = '/webhooks/zalo-bot';
/** The header Zalo sends the setWebhook secret_token back in (bot.zaloplatforms.com/docs, setWebhook). */
const SECRET_HEADER = 'x-bot-api-secret-token';
const CHANNEL = 'zalo-bot' as const;

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Constant-time comparison of the secret header with the configured secret. */
function secretMatches(header: unknown, expected: Buffer): boolean {
  if (typeof header !== 'string' || expected.length === 0) return false;
  return timingSafeEqual(digest(header), expected);
}

/** config.zaloBot: the token, the webhook secret, the API root and the send rate. */
export interface ZaloBotSettings {
  token: string;
  webhookSecret?: string;
  apiRoot: string;
  rate?: number;
}

/** The Zalo Bot adapter; the client is exposed for broadcasts (sendPhoto). */
export class ZaloBotAdapter implements ChannelAdapter {
  readonly name = CHANNEL;
  readonly client: ZaloBotClient;
  private poller: ZaloBotPoller | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: ChannelContext,
    private readonly cfg: ZaloBotSettings,
    private readonly opts: { pollTimeoutS?: number } = {},
  ) {
    this.client = new ZaloBotClient(cfg.token, cfg.apiRoot, { rate: cfg.rate });
  }

  routes(app: FastifyInstance): void {
    if (!this.ctx.config.publicUrl) return;
    const secret = this.cfg.webhookSecret ?? '';
    const expected = secret ? digest(secret) : Buffer.alloc(0);
    const onRequest = async (
      req: { headers: Record<string, unknown> },
      reply: { code(n: number): { send(b: object): unknown } },
    ) => {
      // Checked before the body is parsed: an unauthenticated request is 401 whatever it carries.
      if (!secretMatches(req.headers[SECRET_HEADER], expected)) {
        return reply.code(401).send({ error: 'unauthorized', message: 'bad or missing secret token' });
      }
    };
    app.post(WEBHOOK_PATH, { onRequest: onRequest as never }, async (req, reply) => {
      const started = process.hrtime.bigint();
      const parsed = parseZaloBotUpdate(req.body);
      if (!parsed.ok) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
      await this.track(this.process(parsed.event));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.ctx.metrics.webhookLatency.observe({ channel: CHANNEL }, seconds);
      return { ok: true };
    });
  }

  async start(): Promise<void> {
    // getMe first: a wrong token stops start-up with a configuration error.
    await this.client.call('getMe');
    const { publicUrl } = this.ctx.config;
    if (publicUrl) {
      await this.client.call('setWebhook', {
        url: `${publicUrl}${WEBHOOK_PATH}`,
        secret_token: this.cfg.webhookSecret,
      });
      return;
    }
    await this.client.call('deleteWebhook');
    this.poller = new ZaloBotPoller(this.client, {
      timeoutS: this.opts.pollTimeoutS,
      onUpdate: (u) => this.onPolled(u),
      onError: (err) => this.warn(err, 'getUpdates'),
    });
    this.poller.start();
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Sends outside a turn (broadcasts); a blocked recipient is unsubscribed and the error rethrown. */
  async send(chatId: string, replies: Reply[]): Promise<void> {
    await this.deliver(chatId, replies);
  }

  /** Zalo Bot has no per-recipient rules beyond the rate: every chat may get a broadcast. */
  async checkBroadcast(_chatId: string): Promise<SendCheck> {
    return { ok: true };
  }

  /**
   * Sends one broadcast message (photo with caption, then text; an audio clip as a link line) under
   * the shared gate; a blocked recipient is unsubscribed and RecipientGoneError rethrown.
   */
  async sendBroadcast(
    chatId: string,
    msg: BroadcastMessage,
    gate: SendGate,
    _opts: BroadcastOptions = {},
  ): Promise<SentAs> {
    const calls = renderZaloBotBroadcast(chatId, msg);
    if (calls.length === 0) throw new ChannelRejectedError(400, 'empty broadcast message');
    try {
      const parts = calls.map((c) => () => this.client.callOnce(c.method, c.payload));
      await sendParts(parts, gate, { minGapMs: ZALO_BOT_PART_GAP_MS });
    } catch (err) {
      if (err instanceof RecipientGoneError)
        await markRecipientGone(this.ctx.bot.database, CHANNEL, chatId, this.now());
      throw err;
    }
    return {};
  }

  private async onPolled(update: unknown): Promise<void> {
    const parsed = parseZaloBotUpdate(update);
    if (!parsed.ok) {
      this.ctx.log.warn({ channel: CHANNEL }, 'malformed update skipped');
      return;
    }
    await this.track(this.process(parsed.event)).catch((err: Error) => this.warn(err, 'update'));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  private now(): Date {
    return this.ctx.bot.now?.() ?? new Date();
  }

  private warn(err: Error, what: string) {
    const code = err instanceof ChannelRejectedError ? err.code : undefined;
    this.ctx.log.warn(
      { channel: CHANNEL, call: what, err: { type: err.name, code } },
      'zalo-bot call failed',
    );
  }

  private async process(event: ZaloBotEvent): Promise<void> {
    switch (event.kind) {
      case 'ignored':
        this.ctx.log.info({ channel: CHANNEL, type: event.event }, 'update ignored');
        return;
      case 'group':
        return this.group(event);
      case 'inbound':
        return this.turn(event);
    }
  }

  /** The bot serves private chats; a command in a group gets one line saying so, nothing else. */
  private async group(event: Extract<ZaloBotEvent, { kind: 'group' }>): Promise<void> {
    if (!event.command) return;
    const fresh = await claimUpdate(this.ctx.bot.database.db, CHANNEL, event.key, this.now());
    if (!fresh) {
      this.ctx.metrics.updatesDuplicate.inc({ channel: CHANNEL });
      return;
    }
    const line = this.ctx.bot.i18n.t('vi', 'group.privateOnly');
    await this.deliver(event.chatId, [{ text: line }]).catch((err: Error) => this.warn(err, 'sendMessage'));
  }

  private async turn(event: Extract<ZaloBotEvent, { kind: 'inbound' }>): Promise<void> {
    const { bot, metrics } = this.ctx;
    const outcome = await handleInbound(bot, event.inbound, { updateId: event.key });
    if (outcome.duplicate) {
      metrics.updatesDuplicate.inc({ channel: CHANNEL });
      return;
    }
    metrics.updatesHandled.inc({ channel: CHANNEL, intent: outcome.result.intent });
    const chatId = event.inbound.chatId;
    await this.client
      .call('sendChatAction', { chat_id: chatId, action: 'typing' })
      .catch((err: Error) => this.warn(err, 'sendChatAction'));
    await this.deliver(chatId, outcome.result.replies).catch((err: Error) => this.warn(err, 'sendMessage'));
  }

  /** Sends replies in order; a recipient who is gone is unsubscribed and the error rethrown. */
  private async deliver(chatId: string, replies: Reply[]): Promise<void> {
    try {
      for (const msg of renderZaloBot(chatId, replies)) {
        await this.client.call('sendMessage', msg);
        this.ctx.metrics.repliesSent.inc({ channel: CHANNEL });
      }
    } catch (err) {
      if (err instanceof RecipientGoneError)
        await markRecipientGone(this.ctx.bot.database, CHANNEL, chatId, this.now());
      throw err;
    }
  }
}

/** The Zalo Bot is on when ZALO_BOT_TOKEN is set. */
export const zaloBotChannel: ChannelFactory = (ctx) =>
  ctx.config.zaloBot ? new ZaloBotAdapter(ctx, ctx.config.zaloBot) : undefined;
