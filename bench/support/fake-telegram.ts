/**
 * The fake Telegram Bot API in a process of its own with every limit lifted, for the webhook and
 * footprint benchmarks: prints one JSON line {url, stats}; GET <stats> answers counts, and
 * GET <stats>sends?from=N answers the sends from index N as [chatId, method, at, status] rows (at in
 * epoch ms with sub-ms precision), so replies can be matched with the updates that caused them.
 * Run by bench/support/processes.ts: node --import tsx bench/support/fake-telegram.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTelegram } from '../../test/fakes/telegram-api.ts';
import { BENCH_TOKEN } from './constants.ts';

const LIFTED = 1_000_000;
const fake = await startFakeTelegram({
  token: BENCH_TOKEN,
  globalPerSecond: LIFTED,
  paidPerSecond: LIFTED,
  perChatBurst: LIFTED,
});
// The fake keeps every call for the tests; a 100,000-update run only needs the sends' records.
fake.calls.push = () => fake.calls.length;

const stats = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const sends = fake.sends;
  let body: unknown;
  if (url.pathname === '/sends') {
    const from = Number(url.searchParams.get('from') ?? 0);
    body = sends.slice(from).map((s) => [s.chatId, s.method, s.at, s.status]);
  } else {
    body = {
      sends: sends.length,
      accepted: sends.filter((s) => s.accepted).length,
      rejected: sends.filter((s) => !s.accepted).length,
    };
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
});
await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
process.stdout.write(
  `${JSON.stringify({ url: fake.url, stats: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/` })}\n`,
);
