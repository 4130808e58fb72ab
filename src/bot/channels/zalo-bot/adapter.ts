/**
 * The Zalo Bot Platform channel: webhook at POST /webhooks/zalo-bot when PUBLIC_URL is set,
 * getUpdates polling otherwise (the platform allows one or the other). Both modes share one path:
 * update -> parseZaloBotUpdate (pure) -> handleInbound (one transaction, the update's id claimed in
 * the database so a re-delivery is handled once) -> renderZaloBot (pure, numbered menus) ->
 * sendMessage. Logs carry event types only: never text, chat ids, the secret or the token (which is
 * in the API's URL path).
 */
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../types.ts';
import { AdapterBase } from '../adapter-base.ts';
import { registerBotWebhook } from '../bot-webhook.ts';
import { sendParts } from '../broadcast-parts.ts';
import { ChannelRejectedError } from '../errors.ts';
import { URGENT_MAX_WAIT_S } from '../flood-control.ts';
import type {
  BroadcastMessage,
  BroadcastOptions,
  ChannelAdapter,
  ChannelContext,
  ChannelFactory,
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

/** config.zaloBot: the token, the webhook secret, the API root and the send rate. */
export interface ZaloBotSettings {
  token: string;
  webhookSecret?: string;
  apiRoot: string;
  rate?: number;
}

/** The Zalo Bot adapter; the client is exposed for broadcasts (sendPhoto). */
export class ZaloBotAdapter extends AdapterBase implements ChannelAdapter {
  readonly name = CHANNEL;
  readonly client: ZaloBotClient;
  private poller: ZaloBotPoller | undefined;

  constructor(
    ctx: ChannelContext,
    private readonly cfg: ZaloBotSettings,
    private readonly opts: { pollTimeoutS?: number } = {},
  ) {
    super(ctx);
    this.client = new ZaloBotClient(cfg.token, cfg.apiRoot, {
      rate: cfg.rate,
      onPause: this.pauseBroadcasts,
    });
  }

  routes(app: FastifyInstance): void {
    if (!this.ctx.config.publicUrl) return;
    registerBotWebhook(app, {
      channel: CHANNEL,
      path: WEBHOOK_PATH,
      secretHeader: SECRET_HEADER,
      secret: this.cfg.webhookSecret,
      parse: parseZaloBotUpdate,
      handle: (event) => this.track(this.process(event)),
      metrics: this.ctx.metrics,
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
      onUpdate: (u) => this.takePolled(parseZaloBotUpdate(u), (e) => this.process(e)),
      onError: (err) => this.warn(err, 'getUpdates'),
    });
    this.poller.start();
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
    await this.settle();
  }

  /** Sends outside a turn (broadcasts); a blocked recipient is unsubscribed and the error rethrown. */
  async send(chatId: string, replies: Reply[]): Promise<void> {
    await this.deliver(chatId, replies);
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
      await this.unsubscribeIfGone(err, chatId);
      throw err;
    }
    return {};
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
    if (!event.command || !(await this.claim(event.key))) return;
    const line = this.ctx.bot.i18n.t('vi', 'group.privateOnly');
    await this.deliver(event.chatId, [{ text: line }]).catch((err: Error) => this.warn(err, 'sendMessage'));
  }

  private async turn(event: Extract<ZaloBotEvent, { kind: 'inbound' }>): Promise<void> {
    const result = await this.turnOnce(event.inbound, event.key);
    if (!result) return;
    const chatId = event.inbound.chatId;
    await this.client
      .call('sendChatAction', { chat_id: chatId, action: 'typing' })
      .catch((err: Error) => this.warn(err, 'sendChatAction'));
    const urgent = result.intent === 'emergency';
    await this.deliver(chatId, result.replies, urgent).catch((err: Error) => this.warn(err, 'sendMessage'));
  }

  /**
   * Sends replies in order; a recipient who is gone is unsubscribed and the error rethrown. An urgent
   * answer (emergency numbers) waits out a longer 429 rather than being dropped.
   */
  private async deliver(chatId: string, replies: Reply[], urgent = false): Promise<void> {
    const maxWaitS = urgent ? URGENT_MAX_WAIT_S : undefined;
    try {
      for (const msg of renderZaloBot(chatId, replies)) {
        await this.client.call('sendMessage', msg, undefined, undefined, maxWaitS);
        this.ctx.metrics.repliesSent.inc({ channel: CHANNEL });
      }
    } catch (err) {
      await this.unsubscribeIfGone(err, chatId);
      throw err;
    }
  }
}

/** The Zalo Bot is on when ZALO_BOT_TOKEN is set. */
export const zaloBotChannel: ChannelFactory = (ctx) =>
  ctx.config.zaloBot ? new ZaloBotAdapter(ctx, ctx.config.zaloBot) : undefined;
