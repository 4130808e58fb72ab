/**
 * Assembles the whole service from a Config: database, content, i18n, channels, HTTP app and the
 * retention job. main.ts listens and handles signals; tests start the same service on port 0.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.ts';
import { ensureFirstAdmin, type FirstAdmin } from './api/auth/first-admin.ts';
import { createMetrics, type Metrics } from './api/metrics.ts';
import { createScheduler, type Scheduler } from './bot/broadcast/scheduler.ts';
import { BroadcastWorker, type WorkerOptions } from './bot/broadcast/worker.ts';
import { enabledChannels } from './bot/channels/registry.ts';
import type { ChannelAdapter, ChannelContext } from './bot/channels/types.ts';
import { zaloDay } from './bot/channels/zalo-oa/window.ts';
import type { BotDeps } from './bot/handle-inbound.ts';
import type { Config } from './config.ts';
import { buildContentIndex } from './content/index.ts';
import type { ContentIndex } from './content/types.ts';
import { type Database, openDatabase } from './db/client.ts';
import { prepareDatabase } from './db/prepare.ts';
import { contentVersion, loadContent } from './db/queries/content.ts';
import { purgeConversation } from './db/queries/conversation.ts';
import { unlinkDeliveries } from './db/queries/deliveries.ts';
import { purgeUnanswered } from './db/queries/stats.ts';
import { purgeMessages } from './db/queries/telegram.ts';
import { purgeZaloOa } from './db/queries/zalo-oa.ts';
import { createI18n } from './i18n.ts';

const DAY = 24 * 3600 * 1000;
/** How often the running service looks for content changed by officers or imports. */
export const CONTENT_REFRESH_MS = 60_000;
/** How long data about a conversation is kept (DESIGN: store the least). */
export const RETENTION = {
  sessionDays: 30,
  updateIdDays: 3,
  unansweredDays: 30,
  telegramMessageHours: 48,
  /** Zalo OA send counters untouched this long are past every window and the month's caps. */
  zaloOaChatDays: 35,
  /** A Zalo OA event not handled within a day is dropped (Zalo stops retrying after about 2 hours). */
  zaloOaInboxHours: 24,
  /** After a broadcast ended, its deliveries keep area and status for reports but lose the subscriber. */
  deliveryLinkDays: 30,
};

export interface Service {
  app: FastifyInstance;
  database: Database;
  channels: ChannelAdapter[];
  metrics: Metrics;
  bot: BotDeps;
  /** This replica's broadcast delivery worker. */
  worker: BroadcastWorker;
  /** The campaign calendar's scheduler (fires approved occurrences, makes officers' notices). */
  scheduler: Scheduler;
  seeded: boolean;
  /** The `admin` account made on a database without accounts (with its password only if generated). */
  firstAdmin: FirstAdmin;
  /**
   * Rebuilds the searchable content when the database's content or the day changed (or always,
   * with force); true when it rebuilt. Runs every minute once started.
   */
  refreshContent(force?: boolean): Promise<boolean>;
  /** Listens on config.host:port and starts the channels; resolves with the base URL. */
  start(): Promise<string>;
  /** Stops taking work, lets requests in flight finish, stops channels, closes the database. */
  close(): Promise<void>;
}

/** Removes conversation data past its retention. */
export async function purgeExpired(database: Database, now: Date) {
  await purgeConversation(database.db, {
    sessionsBefore: new Date(now.getTime() - RETENTION.sessionDays * DAY),
    updatesBefore: new Date(now.getTime() - RETENTION.updateIdDays * DAY),
  });
  await purgeUnanswered(database.db, new Date(now.getTime() - RETENTION.unansweredDays * DAY));
  await purgeMessages(database.db, new Date(now.getTime() - RETENTION.telegramMessageHours * 3600 * 1000));
  await purgeZaloOa(database.db, {
    chatsBefore: new Date(now.getTime() - RETENTION.zaloOaChatDays * DAY),
    monthBefore: zaloDay(new Date(now.getTime() - 31 * DAY)).month,
    inboxBefore: new Date(now.getTime() - RETENTION.zaloOaInboxHours * 3600 * 1000),
  });
  await unlinkDeliveries(database.db, new Date(now.getTime() - RETENTION.deliveryLinkDays * DAY));
}

/** Opens and prepares the database and builds the app; nothing listens yet. */
export async function createService(
  config: Config,
  opts: {
    logger?: boolean | object;
    database?: Database;
    now?: () => Date;
    /** Delivery worker tunables (tests shorten the heartbeat timeout). */
    broadcast?: Partial<WorkerOptions>;
  } = {},
): Promise<Service> {
  const database = opts.database ?? (await openDatabase(config));
  let ready = false;
  try {
    const { content, seeded } = await prepareDatabase(database);
    const firstAdmin = await ensureFirstAdmin(database.db, config.adminPassword);
    const clock = opts.now ?? (() => new Date());
    let index: ContentIndex = buildContentIndex(content, { today: clock() });
    // What the index was built from: content changes and the day (entries go stale by date).
    let built = { version: await contentVersion(database.db), day: clock().toISOString().slice(0, 10) };
    const bot: BotDeps = {
      database,
      content: () => index,
      i18n: createI18n(),
      timezone: config.timezone,
      officerContact: config.officerContact,
      quickExitWord: config.quickExitWord,
      now: opts.now,
    };
    const metrics = createMetrics();
    const log: ChannelContext['log'] = { info: () => {}, warn: () => {}, error: () => {} };
    const channelCtx = { config, bot, metrics, log };
    const channels = enabledChannels(channelCtx);
    const workerLog = {
      info: (o: object, m?: string) => channelCtx.log.info(o, m),
      warn: (o: object, m?: string) => channelCtx.log.warn(o, m),
    };
    const worker = new BroadcastWorker({
      database,
      channels,
      content: () => index,
      config,
      metrics,
      log: workerLog,
      now: opts.now,
      options: {
        orphanTimeoutMs: config.broadcastLostAfterS * 1000,
        heartbeatMs: Math.min(5000, (config.broadcastLostAfterS * 1000) / 3),
        ...opts.broadcast,
      },
    });
    const scheduler = createScheduler({
      database,
      config,
      i18n: bot.i18n,
      channels,
      content: () => index,
      log: workerLog,
      wake: () => worker.wake(),
      now: opts.now,
    });
    const app = await buildApp({
      config,
      bot,
      metrics,
      channels,
      ready: () => ready,
      logger: opts.logger,
      wakeBroadcasts: () => worker.wake(),
    });
    channelCtx.log = app.log as never;
    let purgeTimer: NodeJS.Timeout | undefined;
    let refreshTimer: NodeJS.Timeout | undefined;
    let closing: Promise<void> | undefined;
    const service: Service = {
      app,
      database,
      channels,
      metrics,
      bot,
      worker,
      scheduler,
      seeded,
      firstAdmin,
      async refreshContent(force = false) {
        const now = clock();
        const next = { version: await contentVersion(database.db), day: now.toISOString().slice(0, 10) };
        if (!force && next.version === built.version && next.day === built.day) return false;
        index = buildContentIndex(await loadContent(database.db), { today: now });
        built = next;
        return true;
      },
      async start() {
        const url = await app.listen({ port: config.port, host: config.host });
        for (const c of channels) await c.start();
        await worker.start();
        await scheduler.start();
        const purge = () =>
          purgeExpired(database, new Date()).catch((err: Error) =>
            app.log.warn({ err: { type: err.name } }, 'retention purge failed'),
          );
        await purge();
        purgeTimer = setInterval(purge, 3600 * 1000);
        purgeTimer.unref();
        // Officers' imports and edits (and the date, for stale entries) reach the bot within a minute.
        refreshTimer = setInterval(() => {
          service
            .refreshContent()
            .catch((err: Error) => app.log.warn({ err: { type: err.name } }, 'content refresh failed'));
        }, CONTENT_REFRESH_MS);
        refreshTimer.unref();
        ready = true;
        return url;
      },
      close() {
        closing ??= (async () => {
          ready = false;
          if (purgeTimer) clearInterval(purgeTimer);
          if (refreshTimer) clearInterval(refreshTimer);
          await app.close();
          await scheduler.stop();
          await worker.stop().catch(() => {});
          for (const c of channels) await c.stop().catch(() => {});
          await database.close();
        })();
        return closing;
      },
    };
    return service;
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
