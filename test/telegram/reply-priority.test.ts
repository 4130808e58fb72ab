/**
 * Residents' answers go before broadcasts: a 429 met by a webhook reply pauses the bot's broadcasts
 * for retry_after in the shared rate limit (every replica), and the reply is sent once the pause is
 * over. An answer to an emergency message waits out a longer 429 than other answers, rather than
 * being dropped. Counted at the fake Bot API, which records any send made during its pause.
 */
import { describe, expect, it } from 'vitest';
import { pausedFor } from '../../src/bot/broadcast/rate-limit.ts';
import { getBroadcast } from '../../src/db/queries/broadcasts.ts';
import { addSubscribers, scheduleBroadcast, statusCounts, until } from '../broadcast/support.ts';
import { openTestPglite, testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { postUpdate, SECRET, telegramEnv, telegramHarness, textUpdate } from './support.ts';

describe.each(testDatabases)('a reply throttled by Telegram pauses broadcasts on $name', (kind) => {
  const t = telegramHarness();

  it('a 429 on a reply holds every broadcast send until retry_after; the reply still arrives', async () => {
    const fake = await t.fake({ globalPerSecond: 1000 });
    const service = t.keep(
      await testService(
        kind,
        telegramEnv(fake, {
          PUBLIC_URL: 'https://hoaban.example.org',
          TELEGRAM_WEBHOOK_SECRET: SECRET,
          TELEGRAM_RATE: '20',
          QUIET_HOURS: 'off',
        }),
      ),
    );
    await service.start();
    const db = service.database.db;
    const chats = await addSubscribers(db, { channel: 'telegram', count: 10 });
    const resident = 880011;

    fake.inject(1, { status: 429, retryAfter: 2 });
    const answered = postUpdate(service, textUpdate(resident, 'xin chào'));
    await until(() => fake.sends.some((s) => s.status === 429) ?? false, 5000, 'the throttled reply');
    const throttledAt = fake.sends.find((s) => s.status === 429)?.at ?? 0;
    await until(async () => (await pausedFor(db, 'telegram')) > 0, 5000, 'the shared pause');
    expect(await pausedFor(db, 'telegram')).toBeGreaterThan(1000);

    // A broadcast due now waits for the pause instead of meeting the platform's 429s.
    const id = await scheduleBroadcast(db);
    service.worker.wake();
    expect((await answered).statusCode).toBe(200);
    await until(async () => (await getBroadcast(db, id))?.status === 'done', 20_000, 'broadcast done');

    expect(fake.sentDuringPause).toBe(0);
    const broadcastSends = fake.sends.filter((s) => chats.includes(s.chatId));
    expect(Math.min(...broadcastSends.map((s) => s.at))).toBeGreaterThanOrEqual(throttledAt + 2000);
    expect(await statusCounts(db, id)).toEqual({ sent: chats.length });
    expect(fake.acceptedByChat().get(String(resident))).toBeGreaterThanOrEqual(1);
  }, 30_000);
});

describe('an emergency answer throttled by Telegram', () => {
  const t = telegramHarness();

  it('waits out a 6 s retry_after and arrives with 113; an ordinary answer is dropped after the same 429', async () => {
    const fake = await t.fake({ globalPerSecond: 1000 });
    const service = t.keep(
      await testService(
        { name: 'pglite', open: openTestPglite },
        telegramEnv(fake, { PUBLIC_URL: 'https://hoaban.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET }),
      ),
    );
    await service.start();
    const texts = (chat: number) =>
      fake.calls
        .filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat))
        .map((c) => String(c.body.text ?? '')) ?? [];

    fake.inject(1, { status: 429, retryAfter: 6 });
    const started = Date.now();
    expect((await postUpdate(service, textUpdate(880022, 'chong toi dang danh toi'))).statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
    expect(fake.acceptedByChat().get('880022')).toBeGreaterThanOrEqual(1);
    expect(texts(880022).join('\n')).toContain('113');

    // The same 429 for an ordinary answer is longer than the 5 s it waits in-process: dropped, logged.
    fake.inject(1, { status: 429, retryAfter: 6 });
    expect((await postUpdate(service, textUpdate(880021, 'menu'))).statusCode).toBe(200);
    expect(fake.acceptedByChat().get('880021')).toBeUndefined();
    expect(fake.sentDuringPause).toBe(0);
  }, 30_000);
});
