/**
 * The fake Telegram Bot API in a process of its own, so the broadcast benchmark's CPU figures are the
 * service's alone. Prints one JSON line {url, stats}; GET <stats> answers what the fake saw.
 * Run by bench/broadcast.ts: node --import tsx bench/fake-platform.ts <perSecond>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTelegram } from '../test/fakes/telegram-api.ts';
import { BENCH_TOKEN } from './support/constants.ts';

const perSecond = Number(process.argv[2] ?? 30);
const fake = await startFakeTelegram({
  token: BENCH_TOKEN,
  globalPerSecond: perSecond,
  paidPerSecond: perSecond,
  perChatBurst: 3,
});
const stats = createServer((_req, res) => {
  const accepted = fake.sends.filter((s) => s.accepted).map((s) => s.at);
  const body = {
    sends: fake.sends.length,
    accepted: accepted.length,
    firstAt: accepted.length ? Math.min(...accepted) : 0,
    lastAt: accepted.length ? Math.max(...accepted) : 0,
    maxPerSecond: fake.maxPerWindow(1000),
    rateExceeded: fake.limiter.rateExceeded,
    sentDuringPause: fake.sentDuringPause,
    duplicates: [...fake.acceptedByChat().values()].filter((n) => n > 1).length,
  };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
});
await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
process.stdout.write(
  `${JSON.stringify({ url: fake.url, stats: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/` })}\n`,
);
