/**
 * The Telegram channel on telegraf: webhook at POST /webhooks/telegram when PUBLIC_URL is set, long
 * polling otherwise. Both modes share one path: update -> parseUpdate (pure) -> handleInbound (one
 * transaction, update id claimed in the database so replicas never handle it twice) ->
 * renderTelegram (pure) -> sendMessage. Logs carry update ids and types only: never text, chat ids
 * or the token (which Telegram puts in the URL path).
 */
import type { FastifyInstance } from 'fastify';
import { forgetChat, recordMessages, takeMessages } from '../../../db/queries/telegram.ts';
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
import { commandLists } from './bot-commands.ts';
import { renderTelegramBroadcast, TELEGRAM_PER_CHAT_GAP_MS } from './broadcast.ts';
import { TelegramClient } from './client.ts';
import { startLink } from './links.ts';
import { Poller } from './polling.ts';
import { renderTelegram, resolveCallback } from './render.ts';
import { parseUpdate, type TelegramEvent } from './update.ts';

export const WEBHOOK_PATH = '/webhooks/telegram';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** The update types the bot asks for (setWebhook / getUpdates allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
/** Bots may delete messages under 48 h old (core.telegram.org/bots/api#deletemessage). */
export const ERASE_WINDOW_MS = 48 * 3600 * 1000;

/** The Telegram adapter; exported so the officers' API can build deep links with the bot's name. */
export class TelegramAdapter extends AdapterBase implements ChannelAdapter {
  readonly name = 'telegram' as const;
  readonly client: TelegramClient;
  private username: string | undefined;
  private poller: Poller | undefined;

  constructor(
    ctx: ChannelContext,
    private readonly cfg: { token: string; webhookSecret?: string; apiRoot: string },
    private readonly opts: { pollTimeoutS?: number } = {},
  ) {
    super(ctx);
    this.client = new TelegramClient(cfg.token, cfg.apiRoot, { onPause: this.pauseBroadcasts });
  }

  /** The poster link of a unit, once getMe has named the bot (undefined before start). */
  startLink(unitName: string): string | undefined {
    return this.username ? startLink(this.username, unitName) : undefined;
  }

  routes(app: FastifyInstance): void {
    if (!this.ctx.config.publicUrl) return;
    registerBotWebhook(app, {
      channel: this.name,
      path: WEBHOOK_PATH,
      secretHeader: SECRET_HEADER,
      secret: this.cfg.webhookSecret,
      parse: parseUpdate,
      handle: (event) => this.track(this.process(event)),
      metrics: this.ctx.metrics,
    });
  }

  async start(): Promise<void> {
    const me = await this.client.call<{ username?: string }>('getMe');
    this.username = me.username;
    for (const body of commandLists(this.ctx.bot.i18n)) {
      await this.client.call('setMyCommands', body).catch((err: Error) => this.warn(err, 'setMyCommands'));
    }
    const { publicUrl } = this.ctx.config;
    if (publicUrl) {
      await this.client.call('setWebhook', {
        url: `${publicUrl}${WEBHOOK_PATH}`,
        secret_token: this.cfg.webhookSecret,
        allowed_updates: ALLOWED_UPDATES,
      });
      return;
    }
    await this.client.call('deleteWebhook', { drop_pending_updates: false });
    this.poller = new Poller(this.client, {
      allowedUpdates: ALLOWED_UPDATES,
      timeoutS: this.opts.pollTimeoutS,
      onUpdate: (u) => this.takePolled(parseUpdate(u), (e) => this.process(e)),
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
    await this.deliver(chatId, replies, true);
  }

  /**
   * Sends one broadcast message (photo, voice or audio, then text) under the shared gate; a blocked
   * recipient is unsubscribed and RecipientGoneError rethrown.
   */
  async sendBroadcast(
    chatId: string,
    msg: BroadcastMessage,
    gate: SendGate,
    opts: BroadcastOptions = {},
  ): Promise<SentAs> {
    const calls = renderTelegramBroadcast(chatId, msg, opts.paid);
    if (calls.length === 0) throw new ChannelRejectedError(400, 'empty broadcast message');
    const sent: number[] = [];
    try {
      const parts = calls.map((c) => async () => {
        const res = await this.client.callOnce<{ message_id: number }>(c.method, c.payload);
        sent.push(res.message_id);
      });
      await sendParts(parts, gate, { minGapMs: TELEGRAM_PER_CHAT_GAP_MS });
    } catch (err) {
      await this.unsubscribeIfGone(err, chatId);
      throw err;
    } finally {
      // Kept so "erase this chat" also removes broadcasts (a campaign on violence can reveal a reader).
      if (sent.length > 0)
        await recordMessages(this.ctx.bot.database.db, chatId, sent, this.now()).catch((err: Error) =>
          this.warn(err, 'record broadcast'),
        );
    }
    return opts.paid ? { as: 'paid' } : {};
  }

  private async process(event: TelegramEvent): Promise<void> {
    const { bot } = this.ctx;
    switch (event.kind) {
      case 'ignored':
        if (event.callbackId) await this.answerCallback(event.callbackId);
        this.ctx.log.info(
          { channel: 'telegram', update: event.updateId, type: event.type },
          'update ignored',
        );
        return;
      case 'blocked':
        if (await this.claim(String(event.updateId))) await this.markGone(event.chatId);
        return;
      case 'group':
        // The bot serves private chats; a command in a group gets one line saying so, nothing else.
        if (event.command && (await this.claim(String(event.updateId)))) {
          await this.deliver(event.chatId, [{ text: bot.i18n.t('vi', 'group.privateOnly') }], false).catch(
            (err: Error) => this.warn(err, 'sendMessage'),
          );
        }
        return;
      case 'inbound':
        return this.turn(event);
    }
  }

  private async turn(event: Extract<TelegramEvent, { kind: 'inbound' }>): Promise<void> {
    const db = this.ctx.bot.database.db;
    const chatId = event.inbound.chatId;
    const inbound = await this.resolveAction(event.inbound, resolveCallback);
    const result = await this.turnOnce(inbound, String(event.updateId));
    if (!result) return;
    if (event.callbackId) await this.answerCallback(event.callbackId);
    const effects = result.effects;
    const deleted = effects.some((e) => e.type === 'delete_data');
    if (deleted) await forgetChat(db, chatId);
    else if (event.messageId !== undefined) await recordMessages(db, chatId, [event.messageId], this.now());
    if (effects.some((e) => e.type === 'erase_chat')) await this.erase(chatId);
    const urgent = result.intent === 'emergency';
    await this.deliver(chatId, result.replies, !deleted, urgent).catch((err: Error) =>
      this.warn(err, 'sendMessage'),
    );
  }

  private async answerCallback(id: string): Promise<void> {
    await this.client
      .call('answerCallbackQuery', { callback_query_id: id })
      .catch((err: Error) => this.warn(err, 'answerCallbackQuery'));
  }

  /** Deletes the chat's messages of the last 48 hours that the bot knows of, and forgets their ids. */
  private async erase(chatId: string): Promise<void> {
    const since = new Date(this.now().getTime() - ERASE_WINDOW_MS);
    const ids = await takeMessages(this.ctx.bot.database.db, chatId, since);
    for (const id of ids) {
      try {
        await this.client.call('deleteMessage', { chat_id: chatId, message_id: id });
      } catch (err) {
        // Already deleted by the user or too old: nothing left to erase.
        if (err instanceof ChannelRejectedError) continue;
        this.warn(err as Error, 'deleteMessage');
        return;
      }
    }
  }

  /**
   * Sends replies in order, remembering the ids for "erase this chat" (record=false after deletion);
   * an urgent answer (emergency numbers) waits out a longer 429 rather than being dropped.
   */
  private async deliver(chatId: string, replies: Reply[], record: boolean, urgent = false): Promise<void> {
    const maxWaitS = urgent ? URGENT_MAX_WAIT_S : undefined;
    const sent: number[] = [];
    try {
      for (const msg of renderTelegram(chatId, replies)) {
        const res = await this.client.call<{ message_id: number }>('sendMessage', msg, undefined, maxWaitS);
        sent.push(res.message_id);
        this.ctx.metrics.repliesSent.inc({ channel: 'telegram' });
      }
    } catch (err) {
      await this.unsubscribeIfGone(err, chatId);
      throw err;
    } finally {
      if (record && sent.length > 0) await recordMessages(this.ctx.bot.database.db, chatId, sent, this.now());
    }
  }
}

/** Telegram is on when TELEGRAM_BOT_TOKEN is set. */
export const telegramChannel: ChannelFactory = (ctx) =>
  ctx.config.telegram ? new TelegramAdapter(ctx, ctx.config.telegram) : undefined;
