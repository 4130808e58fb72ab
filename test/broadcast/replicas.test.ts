/**
 * Several replicas on one PostgreSQL, counted at the fake platforms: each subscriber gets exactly one
 * message (Telegram, Zalo Bot, and Zalo OA in and out of the reply window), the shared rate limit holds over all replicas, a 429 pauses every replica, and a replica
 * killed with SIGKILL in the middle of a broadcast leaves no duplicate and nothing missing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate } from '../../src/bot/broadcast/calendar.ts';
import { loadConfig } from '../../src/config.ts';
import { type Database, openPostgres } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { addCustomOccurrence, setOccurrence } from '../../src/db/queries/campaigns.ts';
import { recordInteraction } from '../../src/db/queries/zalo-oa.ts';
import { createService, type Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { createPostgresDatabase } from '../support/db.ts';
import { TOKEN } from '../telegram/support.ts';
import { TOKEN as ZALO_BOT_TOKEN } from '../zalo-bot/support.ts';
import { oaEnv, startFake as startZaloOaFake } from '../zalo-oa/support.ts';
import { addSubscribers, scheduleBroadcast, statusCounts, until } from './support.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const PG = process.env.TEST_DATABASE_URL;

describe.runIf(PG)('replicas on one PostgreSQL', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  });

  async function database() {
    const created = await createPostgresDatabase();
    const db = await openPostgres(created.url, { max: 4 });
    await prepareDatabase(db);
    cleanups.push(async () => {
      await db.close();
      await created.drop();
    });
    return { url: created.url, db };
  }

  async function fakeTelegram(
    opts: Parameters<typeof startFakeTelegram>[0] extends infer O ? Partial<O> : never,
  ) {
    const fake = await startFakeTelegram({ token: TOKEN, ...opts });
    cleanups.push(() => fake.close());
    return fake;
  }

  /** One replica in this process: its own pool, its own worker, the same database. */
  async function replica(
    url: string,
    fake: FakeTelegramApi,
    env: Record<string, string> = {},
  ): Promise<Service> {
    const database: Database = await openPostgres(url, { max: 6 });
    const config = loadConfig({
      PORT: '0',
      WEBCHAT: 'off',
      QUIET_HOURS: 'off',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      ...env,
    });
    const service = await createService(config, { database });
    cleanups.push(() => service.close());
    return service;
  }

  it('three replicas, one due broadcast: each subscriber receives exactly one message', async () => {
    const { url, db } = await database();
    const fake = await fakeTelegram({ globalPerSecond: 1000 });
    const chats = await addSubscribers(db.db, { channel: 'telegram', count: 600 });
    const replicas = await Promise.all([1, 2, 3].map(() => replica(url, fake, { TELEGRAM_RATE: '300' })));
    const id = await scheduleBroadcast(db.db);
    await Promise.all(replicas.map((r) => r.start()));
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 30_000, 'broadcast done');
    const byChat = fake.acceptedByChat();
    expect(byChat.size).toBe(chats.length);
    expect(Math.max(...byChat.values())).toBe(1);
    expect(await statusCounts(db.db, id)).toEqual({ sent: 600 });
    // All three took part: the work was shared, not done by whichever started first.
    const perReplica = await Promise.all(
      replicas.map(async (r) => (await r.metrics.deliveries.get()).values.reduce((a, v) => a + v.value, 0)),
    );
    expect(perReplica.reduce((a, n) => a + n, 0)).toBe(600);
    for (const n of perReplica) expect(n).toBeGreaterThan(0);
  });

  it('two replicas, one broadcast to Telegram and Zalo Bot: each subscriber of each channel gets one message', async () => {
    const { url, db } = await database();
    const telegram = await fakeTelegram({ globalPerSecond: 1000 });
    const zalo = await startFakeZaloBot({ token: ZALO_BOT_TOKEN, sendsPerSecond: 1000 });
    cleanups.push(() => zalo.close());
    const telegramChats = await addSubscribers(db.db, { channel: 'telegram', count: 250 });
    const zaloChats = await addSubscribers(db.db, { channel: 'zalo-bot', count: 250, prefix: 'z' });
    const env = {
      TELEGRAM_RATE: '300',
      ZALO_BOT_TOKEN,
      ZALO_BOT_API_ROOT: zalo.url,
      ZALO_BOT_RATE: '300',
    };
    const replicas = await Promise.all([1, 2].map(() => replica(url, telegram, env)));
    const id = await scheduleBroadcast(db.db);
    await Promise.all(replicas.map((r) => r.start()));
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 30_000, 'broadcast done');
    for (const [fake, chats] of [
      [telegram, telegramChats],
      [zalo, zaloChats],
    ] as const) {
      const byChat = fake.acceptedByChat();
      expect(byChat.size).toBe(chats.length);
      expect(Math.max(...byChat.values())).toBe(1);
    }
    expect(await statusCounts(db.db, id)).toEqual({ sent: 500 });
  });

  it('two replicas, one broadcast to Zalo OA followers in and out of their reply window: each gets one message', async () => {
    const { url, db } = await database();
    const telegram = await fakeTelegram({ globalPerSecond: 1000 });
    const oa = await startZaloOaFake();
    cleanups.push(() => oa.close());
    // 100 followers who wrote just now (free replies) and 100 who did not (one promotion each).
    const inWindow = await addSubscribers(db.db, { channel: 'zalo-oa', count: 100, prefix: 'w' });
    const outside = await addSubscribers(db.db, { channel: 'zalo-oa', count: 100, prefix: 'p' });
    for (const id of inWindow) {
      oa.userWrote(id);
      await recordInteraction(db.db, id, `msg-${id}`, new Date());
    }
    const replicas = await Promise.all([1, 2].map(() => replica(url, telegram, oaEnv(oa))));
    const id = await scheduleBroadcast(db.db, { audience: { channels: ['zalo-oa'] } });
    await Promise.all(replicas.map((r) => r.start()));
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 30_000, 'broadcast done');
    for (const chat of [...inWindow, ...outside]) expect(oa.sentTo(chat), chat).toHaveLength(1);
    expect(inWindow.every((c) => oa.sentTo(c)[0]?.path === '/v3.0/oa/message/cs')).toBe(true);
    expect(outside.every((c) => oa.sentTo(c)[0]?.path === '/v3.0/oa/message/promotion')).toBe(true);
    expect(await statusCounts(db.db, id)).toEqual({ sent: 200 });
  });

  it('three replicas, one campaign occurrence falling due: fired once, each subscriber gets one message', async () => {
    const { url, db } = await database();
    const fake = await fakeTelegram({ globalPerSecond: 1000 });
    const chats = await addSubscribers(db.db, { channel: 'telegram', count: 300 });
    const now = new Date();
    const local = localDate(now, 'Asia/Ho_Chi_Minh');
    const occ = await addCustomOccurrence(db.db, {
      date: local,
      time: '00:00',
      dueAt: new Date(now.getTime() - 1000),
      message: { vi: 'Ngày 25/11: chung tay chấm dứt bạo lực.' },
      audience: {},
      by: 'test',
      now,
    });
    await setOccurrence(db.db, occ.id, ['pending'], {
      status: 'approved',
      approvedBy: 'officer-a',
      approvedAt: now,
    });
    const replicas = await Promise.all([1, 2, 3].map(() => replica(url, fake, { TELEGRAM_RATE: '300' })));
    // All three start at once: each scheduler's first tick tries to fire the occurrence.
    await Promise.all(replicas.map((r) => r.start()));
    const fired = await db.db.execute(sql`select id from broadcasts where occurrence_id = ${occ.id}`);
    const ids = (fired as unknown as { rows: Array<{ id: number }> }).rows.map((r) => Number(r.id));
    expect(ids).toHaveLength(1);
    const id = ids[0] as number;
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 30_000, 'broadcast done');
    const byChat = fake.acceptedByChat();
    expect(byChat.size).toBe(chats.length);
    expect(Math.max(...byChat.values())).toBe(1);
    expect(await statusCounts(db.db, id)).toEqual({ sent: 300 });
    const all = await db.db.execute(sql`select count(*)::int as n from broadcasts`);
    expect(Number((all as unknown as { rows: Array<{ n: number }> }).rows[0]?.n)).toBe(1);
  });

  it('two replicas never exceed the configured rate in any second, and send nothing during a retry_after', async () => {
    const { url, db } = await database();
    const rate = 20;
    const fake = await fakeTelegram({ globalPerSecond: rate });
    await addSubscribers(db.db, { channel: 'telegram', count: 110 });
    const replicas = await Promise.all([1, 2].map(() => replica(url, fake, { TELEGRAM_RATE: String(rate) })));
    const id = await scheduleBroadcast(db.db);
    await Promise.all(replicas.map((r) => r.start()));
    // Some way in, the platform says "slow down" for 2 s.
    await until(() => fake.sends.length >= 40, 20_000, '40 sends');
    fake.inject(1, { status: 429, retryAfter: 2 });
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 40_000, 'broadcast done');
    expect(fake.maxPerWindow(1000)).toBeLessThanOrEqual(rate);
    expect(fake.limiter.rateExceeded).toBe(0);
    expect(fake.sentDuringPause).toBe(0);
    const throttled = fake.sends.filter((s) => s.status === 429);
    expect(throttled.length).toBe(1);
    // The pause was honoured: the first accepted send after the 429 came at least 2 s later.
    const at429 = throttled[0]?.at ?? 0;
    const next = fake.sends.find((s) => s.accepted && s.at > at429);
    expect((next?.at ?? 0) - at429).toBeGreaterThanOrEqual(2000);
    expect(await statusCounts(db.db, id)).toEqual({ sent: 110 });
    expect(Math.max(...fake.acceptedByChat().values())).toBe(1);
  });

  it('a replica killed with SIGKILL mid-way through 5,000 recipients: no duplicate, none missing', async () => {
    const { url, db } = await database();
    const fake = await fakeTelegram({ globalPerSecond: 2000 });
    const total = 5000;
    const chats = await addSubscribers(db.db, { channel: 'telegram', count: total });
    const id = await scheduleBroadcast(db.db);
    const env = {
      PORT: '0',
      DATABASE_URL: url,
      WEBCHAT: 'off',
      QUIET_HOURS: 'off',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_RATE: '400',
      BROADCAST_LOST_AFTER_S: '3',
    };
    const first = startProcess(env);
    cleanups.push(async () => first.kill('SIGKILL'));
    await until(() => fake.sends.length >= 1500, 60_000, '1,500 sends before the kill');
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await statusCounts(db.db, id);
    expect(atKill.sent ?? 0).toBeLessThan(total);
    const second = startProcess(env);
    cleanups.push(async () => second.kill('SIGKILL'));
    await until(async () => (await getBroadcast(db.db, id))?.status === 'done', 90_000, 'broadcast done');
    second.kill('SIGTERM');
    const counts = await statusCounts(db.db, id);
    const byChat = fake.acceptedByChat();
    const duplicates = [...byChat.values()].filter((n) => n > 1).length;
    const unknown = await chatIds(db.db, id, 'unknown');
    const missing = chats.filter((c) => !byChat.has(c) && !unknown.has(c)).length;
    expect(duplicates).toBe(0);
    expect(missing).toBe(0);
    // Unknown is bounded by the sends in flight at the kill: one replica's concurrency (8).
    expect(counts.unknown ?? 0).toBeLessThanOrEqual(8);
    expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(total);
    for (const c of await chatIds(db.db, id, 'sent')) expect(byChat.get(c)).toBe(1);
    if (process.env.HOABAN_REPORT)
      process.stderr.write(
        `kill -9: at kill ${JSON.stringify(atKill)}, end ${JSON.stringify(counts)}, unknown received ${[...unknown].filter((c) => byChat.has(c)).length}\n`,
      );
  }, 120_000);
});

function startProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });

async function chatIds(db: Database['db'], broadcastId: number, status: string): Promise<Set<string>> {
  const res =
    await db.execute(sql`select s.chat_id from deliveries d join subscribers s on s.id = d.subscriber_id
    where d.broadcast_id = ${broadcastId} and d.status = ${status}`);
  return new Set((res as unknown as { rows: Array<{ chat_id: string }> }).rows.map((r) => r.chat_id));
}
