/**
 * The long platform-fault runs: a Bot API that fails every attempt (rows end "failed: connection" after
 * the engine's three attempts, 5 s and 10 s apart), and 2,000 recipients through repeated bursts of
 * 500s, 429s and dropped requests, counted at the fake: nothing twice, nobody missing.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_BACKOFF_MS, MAX_CONNECTION_ATTEMPTS } from '../../src/bot/broadcast/outcome.ts';
import { loadConfig } from '../../src/config.ts';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { createService, type Service } from '../../src/service.ts';
import { addSubscribers, scheduleBroadcast, statusCounts } from '../../test/broadcast/support.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../../test/fakes/telegram-api.ts';
import { testDatabases } from '../../test/support/db.ts';
import { TOKEN, telegramEnv } from '../../test/telegram/support.ts';

async function untilDone(service: Service, id: number, timeoutMs: number) {
  const db = service.database.db;
  const started = Date.now();
  while ((await getBroadcast(db, id))?.status !== 'done') {
    if (Date.now() - started > timeoutMs)
      throw new Error(`not done: ${JSON.stringify(await statusCounts(db, id))}`);
    await service.worker.drain();
    await new Promise((r) => setTimeout(r, 100));
  }
  return (Date.now() - started) / 1000;
}

describe.each(testDatabases)('long platform faults on $name', (kind) => {
  let service: Service | undefined;
  let fake: FakeTelegramApi | undefined;
  afterEach(async () => {
    await service?.close();
    await fake?.close();
    service = fake = undefined;
  });

  async function setup(rate: string) {
    fake = await startFakeTelegram({ token: TOKEN, globalPerSecond: 1000 });
    service = await createService(
      loadConfig({ PORT: '0', ...telegramEnv(fake, { TELEGRAM_RATE: rate, QUIET_HOURS: 'off' }) }),
      { database: await kind.open() },
    );
    return { db: service.database.db, fake, service };
  }

  it('an API that answers 500 to every attempt: each row is tried 3 times, then failed "connection"', async () => {
    const { db, fake, service } = await setup('20');
    const total = 10;
    await addSubscribers(db, { channel: 'telegram', count: total });
    fake.inject(total * MAX_CONNECTION_ATTEMPTS, { status: 500 });
    const id = await scheduleBroadcast(db);
    const seconds = await untilDone(service, id, 60_000);
    expect(await statusCounts(db, id)).toEqual({ failed: total });
    const reasons = (
      (await db.execute(
        sql`select reason, attempts, count(*)::int as n from deliveries where broadcast_id = ${id} group by reason, attempts`,
      )) as unknown as { rows: Array<{ reason: string; attempts: number; n: number }> }
    ).rows;
    expect(reasons.map((r) => [r.reason, Number(r.n)])).toEqual([['connection', total]]);
    expect(fake.sends).toHaveLength(total * MAX_CONNECTION_ATTEMPTS);
    expect(fake.acceptedByChat().size).toBe(0);
    // Waits of 5 s then 10 s between the attempts.
    expect(seconds).toBeGreaterThanOrEqual((CONNECTION_BACKOFF_MS * 3) / 1000 - 0.5);
    process.stderr.write(
      `[${kind.name}] all-500: ${total} rows failed "connection" after ${MAX_CONNECTION_ATTEMPTS} attempts in ${seconds.toFixed(1)} s (attempts column ${JSON.stringify(reasons.map((r) => r.attempts))})\n`,
    );
  });

  it('2,000 recipients through repeated bursts of 500s, 429s and dropped requests: one message each', async () => {
    const { db, fake, service } = await setup('100');
    const total = 2000;
    const chats = await addSubscribers(db, { channel: 'telegram', count: total });
    const id = await scheduleBroadcast(db);
    let nextBurst = 250;
    let bursts = 0;
    // Bursts are injected from a timer while the worker drains (a drain runs until the queue is empty).
    const timer = setInterval(() => {
      if (fake.sends.length < nextBurst || bursts >= 5) return;
      bursts++;
      nextBurst += 300;
      fake.inject(10, { status: 500 });
      fake.inject(2, { status: 429, retryAfter: 2 });
      fake.inject(5, { timeout: true, afterMs: 1000 });
    }, 20);
    const seconds = await untilDone(service, id, 240_000).finally(() => clearInterval(timer));
    const byChat = fake.acceptedByChat();
    const counts = await statusCounts(db, id);
    const duplicates = [...byChat.values()].filter((n) => n > 1).length;
    const missing = chats.filter((c) => !byChat.has(c)).length;
    process.stderr.write(
      `[${kind.name}] bursts: ${bursts} bursts, ${fake.sends.length} sends for ${total} recipients, ${JSON.stringify(counts)}, duplicates ${duplicates}, missing ${missing}, sent during a pause ${fake.sentDuringPause}, ${seconds.toFixed(1)} s\n`,
    );
    expect(bursts).toBe(5);
    expect(duplicates).toBe(0);
    expect(missing).toBe(0);
    expect(counts).toEqual({ sent: total });
  });
});
