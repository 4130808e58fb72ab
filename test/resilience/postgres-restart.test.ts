/**
 * PostgreSQL restarted under the service, in the middle of webhook traffic and of a broadcast: a
 * throwaway cluster of this test's own (initdb + pg_ctl on a free port, as the postgres user when run
 * as root, as .ci/run does) is stopped and started again. /readyz answers 503 while the database is
 * away and 200 again by itself; every update answered 200 is handled once; the broadcast finishes and
 * the fake Bot API counts nothing sent twice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { createService, type Service } from '../../src/service.ts';
import { addSubscribers, scheduleBroadcast, statusCounts, until } from '../broadcast/support.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { postUpdate, SECRET, TOKEN, telegramEnv, textUpdate } from '../telegram/support.ts';

const PG = process.env.TEST_DATABASE_URL;
const PGBIN = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const v = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return v && existsSync(join(root, v, 'bin', 'pg_ctl')) ? join(root, v, 'bin') : undefined;
})();
const AS_ROOT = process.getuid?.() === 0;
const LEASE_MS = Number(process.env.HOABAN_LEASE_MS ?? 5000);

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL cluster of this test's own, started and stopped with pg_ctl. */
class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'hoaban-pgrestart-'));
  constructor(readonly port: number) {}

  private run(bin: string, args: string[]) {
    const cmd = join(PGBIN as string, bin);
    if (AS_ROOT) execFileSync('su', ['postgres', '-c', [cmd, ...args].map((a) => `'${a}'`).join(' ')]);
    else execFileSync(cmd, args);
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/hoaban`;
  }

  async init() {
    if (AS_ROOT) execFileSync('chown', ['postgres', this.dir]);
    this.run('initdb', [
      '-D',
      `${this.dir}/data`,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    this.start();
    execFileSync('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-q',
      '-c',
      'CREATE DATABASE hoaban',
    ]);
  }

  start() {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run('pg_ctl', ['-D', `${this.dir}/data`, '-l', `${this.dir}/log`, '-w', '-o', opts, 'start']);
  }

  /** Fast shutdown: open connections are cut, as in a restart for an upgrade or a crash-restart. */
  stop(mode: 'fast' | 'immediate' = 'fast') {
    this.run('pg_ctl', ['-D', `${this.dir}/data`, '-m', mode, '-w', 'stop']);
  }

  destroy() {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.runIf(PG && PGBIN)('PostgreSQL restarted under traffic and a broadcast', () => {
  let cluster: Cluster;
  let fake: FakeTelegramApi;
  let service: Service;
  beforeAll(async () => {
    cluster = new Cluster(await freePort());
    await cluster.init();
    const database = await openPostgres(cluster.url, { max: 6 });
    await prepareDatabase(database);
    fake = await startFakeTelegram({ token: TOKEN, globalPerSecond: 1000, perChatBurst: 20 });
    const env = telegramEnv(fake, {
      PORT: '0',
      PUBLIC_URL: 'https://hoaban.example.org',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_RATE: '60',
      QUIET_HOURS: 'off',
    });
    // Leases of 5 s instead of 60 s: rows leased when the database went away (their release failed)
    // are taken again after 5 s, so the test runs in seconds; the long variant keeps the default.
    service = await createService(loadConfig(env), { database, broadcast: { leaseMs: LEASE_MS } });
    await service.start();
  }, 60_000);
  afterAll(async () => {
    await service?.close().catch(() => {});
    await fake?.close();
    cluster?.destroy();
  });

  it(
    'not ready while away, ready again by itself; accepted updates handled once; nothing sent twice',
    async () => {
      const db = service.database.db;
      const ready = async () => (await service.app.inject({ url: '/readyz' })).statusCode;
      expect(await ready()).toBe(200);
      const total = 400;
      const subscribers = await addSubscribers(db, { channel: 'telegram', count: total, prefix: '5' });
      const id = await scheduleBroadcast(db);
      service.worker.wake();

      // Webhook traffic from 200 chats (ids 7000..), one update every 20 ms, through the outage.
      const accepted: Array<{ update_id: number; chat: number }> = [];
      const refused: number[] = [];
      let traffic = true;
      const sender = (async () => {
        for (let i = 0; traffic && i < 2000; i++) {
          const chat = 7000 + (i % 200);
          const u = textUpdate(chat, i % 2 ? '/start' : 'menu');
          const res = await postUpdate(service, u);
          if (res.statusCode === 200) accepted.push({ update_id: u.update_id, chat });
          else refused.push(res.statusCode);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      // The database goes away while the 100th broadcast send is on its way to the platform: the fake
      // (in this process) stops the cluster before answering, so that send succeeds and its outcome
      // cannot be recorded.
      let stoppedAt = 0;
      let broadcastSends = 0;
      const admit = fake.limiter.admit.bind(fake.limiter);
      fake.limiter.admit = (method, chatId, paid, at) => {
        if (chatId.startsWith('5') && ++broadcastSends === 100) {
          cluster.stop('fast');
          stoppedAt = Date.now();
        }
        return admit(method, chatId, paid, at);
      };
      await until(() => stoppedAt > 0, 20_000, '100 sends');
      const readyWhileAway = await ready();
      const acceptedBefore = accepted.length;
      await new Promise((r) => setTimeout(r, 3000));
      const readyAfter3s = await ready();
      cluster.start();
      const startedAt = Date.now();
      await until(async () => (await ready()) === 200, 30_000, '/readyz 200 again');
      const backAfterMs = Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, 1000));
      traffic = false;
      await sender;
      await until(
        async () => (await getBroadcast(db, id))?.status === 'done',
        30_000 + 2 * LEASE_MS,
        'broadcast done',
      ).catch(async (e) => {
        throw new Error(`${e.message}: ${JSON.stringify(await statusCounts(db, id))}`);
      });
      const broadcastDoneMs = Date.now() - startedAt;

      expect(readyWhileAway).toBe(503);
      expect(readyAfter3s).toBe(503);
      // Updates: each one answered 200 is recorded once; the refused ones were answered 5xx (Telegram retries).
      const seen = new Set(
        rowsOf<{ update_id: string }>(
          await db.execute(sql`select update_id from processed_updates where channel = 'telegram'`),
        ).map((r) => r.update_id),
      );
      const lost = accepted.filter((a) => !seen.has(String(a.update_id)));
      expect(lost).toHaveLength(0);
      expect(refused.every((s) => s >= 500)).toBe(true);
      // Broadcast: nobody got it twice; each subscriber got it or is recorded unknown (sent at the
      // moment the database went away: it may have arrived, so it is not resent).
      const byChat = fake.acceptedByChat();
      const duplicates = subscribers.filter((c) => (byChat.get(c) ?? 0) > 1);
      expect(duplicates).toHaveLength(0);
      const counts = await statusCounts(db, id);
      expect((counts.sent ?? 0) + (counts.unknown ?? 0) + (counts.failed ?? 0)).toBe(total);
      const unknown = new Set(
        rowsOf<{ chat_id: string }>(
          await db.execute(sql`select s.chat_id from deliveries d join subscribers s on s.id = d.subscriber_id
          where d.broadcast_id = ${id} and d.status <> 'sent'`),
        ).map((r) => r.chat_id),
      );
      const missing = subscribers.filter((c) => !byChat.has(c) && !unknown.has(c));
      expect(missing).toHaveLength(0);
      if (process.env.HOABAN_REPORT)
        process.stderr.write(
          `pg restart: away ${startedAt - stoppedAt} ms, ready again ${backAfterMs} ms after start; updates accepted ${accepted.length} (${acceptedBefore} before the stop), refused ${refused.length} (${[...new Set(refused)].join(',')}); broadcast done ${broadcastDoneMs} ms after start ${JSON.stringify(counts)}, received by unknown ${[...unknown].filter((c) => byChat.has(c)).length}\n`,
        );
    },
    90_000 + 3 * LEASE_MS,
  );
});
