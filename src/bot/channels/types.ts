/**
 * The small closed interface every channel implements (web chat, Telegram, Zalo OA, Zalo Bot).
 * One adapter per folder; the registry turns the config into the list of enabled adapters.
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../api/metrics.ts';
import type { Config } from '../../config.ts';
import type { BroadcastMedia } from '../../db/schema/broadcasts.ts';
import type { BotDeps } from '../handle-inbound.ts';
import type { ChannelName, Reply } from '../types.ts';

/** What an adapter gets from the process: config, the bot pipeline and the metrics. */
export interface ChannelContext {
  config: Config;
  bot: BotDeps;
  metrics: Metrics;
  log: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  /** Registers the channel's HTTP routes (webhook, page); called before the server listens. */
  routes(app: FastifyInstance): void;
  /** Starts polling or registers the webhook; resolves when the channel can take updates. */
  start(): Promise<void>;
  /** Stops taking updates and waits for turns in progress. */
  stop(): Promise<void>;
  /** Sends replies to one chat, outside a conversation turn (officers' reminders, web chat). */
  send(chatId: string, replies: Reply[]): Promise<void>;
  /**
   * "Can I send a broadcast to this chat now, and as what?" without counting anything (Zalo OA's
   * reply window, quota and per-follower caps). Channels without such rules answer ok.
   */
  checkBroadcast(chatId: string): Promise<SendCheck>;
  /**
   * Sends one broadcast message to one chat. Calls gate.acquire() before every platform API call and
   * never retries a 429 on its own: it calls gate.pause(retryAfter) and, when nothing of the message
   * has gone out yet, rethrows the ChannelThrottledError so the row goes back to pending. A send the
   * platform rules forbid now throws NotSendableError (a skip with a reason, nothing counted).
   * Resolves with how it went out (Zalo OA: free_reply / promotion; Telegram: paid when paid).
   */
  sendBroadcast(
    chatId: string,
    msg: BroadcastMessage,
    gate: SendGate,
    opts?: BroadcastOptions,
  ): Promise<SentAs>;
}

/** One broadcast message, already in the recipient's language. */
export interface BroadcastMessage {
  text: string;
  media?: BroadcastMedia;
}

export interface BroadcastOptions {
  /** Telegram allow_paid_broadcast (an officer's choice per broadcast). */
  paid?: boolean;
}

/** How a broadcast message went out ("free_reply", "promotion", "paid"), or nothing special. */
export interface SentAs {
  as?: string;
}

/** The answer to "can I send to X now": ok with how, or a reason to skip (e.g. promotion_daily_cap). */
export type SendCheck = { ok: true; as?: string } | { ok: false; reason: string };

/**
 * The shared (all replicas) rate limit and pause of one channel, handed to sendBroadcast by the
 * broadcast engine.
 */
export interface SendGate {
  /** Resolves when this replica may make one API call (rate limit and any pause respected). */
  acquire(): Promise<void>;
  /** Records a platform pause (429 retry_after, seconds) so that no replica sends before it ends. */
  pause(seconds: number): Promise<void>;
}

/** Builds an adapter when its configuration is present. */
export type ChannelFactory = (ctx: ChannelContext) => ChannelAdapter | undefined;
