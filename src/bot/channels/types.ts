/**
 * The small closed interface every channel implements (web chat, Telegram, Zalo OA, Zalo Bot).
 * One adapter per folder; the registry turns the config into the list of enabled adapters.
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../api/metrics.ts';
import type { Config } from '../../config.ts';
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
  /** Sends replies to one chat, outside a conversation turn (broadcasts, reminders). */
  send(chatId: string, replies: Reply[]): Promise<void>;
}

/** Builds an adapter when its configuration is present. */
export type ChannelFactory = (ctx: ChannelContext) => ChannelAdapter | undefined;
