/**
 * The Telegram Bot API misbehaving, counted at the fake: a broadcast through 500s, then 429s with
 * retry_after, then requests dropped after a while, finishes with each subscriber receiving exactly one
 * message; a webhook turn whose reply cannot be sent is still stored, the reply is dropped and logged,
 * and the next update is answered as usual.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { addSubscribers, scheduleBroadcast, statusCounts } from '../broadcast/support.ts';
import { testDatabases } from '../support/db.ts';
import { loggedTestService, testService } from '../support/service.ts';
import { postUpdate, SECRET, TOKEN, telegramEnv, telegramHarness, textUpdate } from '../telegram/support.ts';

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

describe.each(testDatabases)('platform faults on $name', (kind) => {
  const t = telegramHarness();

  it('a broadcast through 500s, 429s and dropped requests: done, one message each, nothing twice', async () => {
    const fake = await t.fake({ globalPerSecond: 1000 });
    // 20/s: slots 50 ms apart, longer than a 429's round trip, so no send is already on its way
    // when the pause starts (a send dispatched before the 429 is seen would itself meet a 429).
    const service = t.keep(
      await testService(kind, telegramEnv(fake, { TELEGRAM_RATE: '20', QUIET_HOURS: 'off' })),
    );
    const db = service.database.db;
    const total = 40;
    const chats = await addSubscribers(db, { channel: 'telegram', count: total });
    // In order: the API fails for a while, then throttles, then drops requests without an answer.
    fake.inject(6, { status: 500 });
    fake.inject(3, { status: 429, retryAfter: 1 });
    fake.inject(3, { timeout: true, afterMs: 300 });
    const id = await scheduleBroadcast(db);
    const started = Date.now();
    while ((await getBroadcast(db, id))?.status !== 'done') {
      if (Date.now() - started > 25_000)
        throw new Error(`not done: ${JSON.stringify(await statusCounts(db, id))}`);
      await service.worker.drain();
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    const byStatus = (s: number) => fake?.sends.filter((r) => r.status === s).length;
    // Every injected failure was met, and only those: 6 x 500, 3 x 429, 3 dropped (status 0).
    expect(byStatus(500)).toBe(6);
    expect(byStatus(429)).toBe(3);
    expect(fake.sends.filter((r) => !r.accepted && r.status === 0)).toHaveLength(3);
    expect(fake.sentDuringPause).toBe(0);
    expect(fake.sends).toHaveLength(total + 12);
    // Each subscriber got exactly one message; every row is sent (no failure was final).
    const byChat = fake.acceptedByChat();
    expect(byChat.size).toBe(total);
    expect(chats.every((c) => byChat.get(c) === 1)).toBe(true);
    expect(await statusCounts(db, id)).toEqual({ sent: total });
    // The failed attempts are counted on the rows: 12 rows needed a second attempt.
    const attempts = rowsOf<{ attempts: number; n: number }>(
      await db.execute(
        sql`select attempts, count(*)::int as n from deliveries where broadcast_id = ${id} group by attempts order by attempts`,
      ),
    ).map((r) => [Number(r.attempts), Number(r.n)]);
    const retried = attempts.filter(([a]) => (a as number) > 1).reduce((s, [, n]) => s + (n as number), 0);
    expect(retried).toBeGreaterThanOrEqual(9);
    // The 500s and drops wait CONNECTION_BACKOFF_MS (5 s) before their second attempt.
    expect(seconds).toBeGreaterThanOrEqual(5);
    if (process.env.HOABAN_REPORT)
      process.stderr.write(
        `[${kind.name}] faults broadcast: ${total} recipients, ${fake.sends.length} sends, attempts ${JSON.stringify(attempts)}, ${seconds.toFixed(1)} s\n`,
      );
  });

  it('webhook replies while the Bot API fails: the turn is stored, the reply dropped and logged, no crash', async () => {
    const fake = await t.fake({ perChatBurst: 20 });
    const env = telegramEnv(fake, {
      PUBLIC_URL: 'https://hoaban.example.org',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const logged = await loggedTestService(await kind.open(), env, 'warn');
    const service = t.keep(logged.service);
    const lines = logged.lines;
    await service.start();
    const db = service.database.db;
    const handled = async (u: { update_id: number }) =>
      rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from processed_updates where channel = 'telegram' and update_id = ${String(u.update_id)}`,
        ),
      )[0]?.n;
    const session = async (chat: number) =>
      rowsOf<unknown>(
        await db.execute(
          sql`select 1 from sessions where channel = 'telegram' and chat_id = ${String(chat)}`,
        ),
      ).length;

    // 500: the reply is dropped (no retry in a turn), the update is recorded once.
    const chat500 = 77001;
    fake.inject(1, { status: 500 });
    const u1 = textUpdate(chat500, '/start');
    expect((await postUpdate(service, u1)).statusCode).toBe(200);
    expect(await handled(u1)).toBe(1);
    expect(await session(chat500)).toBe(1);
    expect(fake.acceptedByChat().get(String(chat500))).toBeUndefined();

    // A request dropped without an answer: the same.
    const chatDrop = 77002;
    fake.inject(1, { timeout: true, afterMs: 300 });
    const u2 = textUpdate(chatDrop, '/start');
    expect((await postUpdate(service, u2)).statusCode).toBe(200);
    expect(await handled(u2)).toBe(1);
    expect(fake.acceptedByChat().get(String(chatDrop))).toBeUndefined();

    // A short 429: the client waits retry_after in process and the reply goes out once.
    const chat429 = 77003;
    fake.inject(1, { status: 429, retryAfter: 1 });
    const t0 = Date.now();
    expect((await postUpdate(service, textUpdate(chat429, '/start'))).statusCode).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(fake.acceptedByChat().get(String(chat429))).toBeGreaterThanOrEqual(1);
    expect(fake.sentDuringPause).toBe(0);

    // Telegram re-delivers the first update: answered 200, not handled again, nothing sent.
    const before = fake.sends.length;
    expect((await postUpdate(service, u1)).statusCode).toBe(200);
    expect(fake.sends.length).toBe(before);

    // The API is back: the next message of the first chat is answered as usual.
    expect((await postUpdate(service, textUpdate(chat500, 'menu'))).statusCode).toBe(200);
    expect(fake.acceptedByChat().get(String(chat500))).toBeGreaterThanOrEqual(1);
    expect((await service.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const log = lines.join('');
    const failures = lines.filter((l) => l.includes('telegram call failed'));
    expect(failures.length).toBe(2);
    expect(log).toContain('ChannelConnectionError');
    expect(log).not.toContain(String(chat500));
    expect(log).not.toContain(TOKEN);
  });
});
