/**
 * End-to-end reply latency: updates POSTed at a fixed rate, each reply matched at the fake Bot API by
 * chat id (the first and the last sendMessage to that chat after the update was sent and before the
 * chat's next update), timed on the epoch-based performance clock of both processes.
 */
import { nowMs } from '../../test/fakes/limits.ts';
import { BENCH_SECRET } from './constants.ts';
import type { UpdateSource } from './updates.ts';

/** First and last reply latencies (ms) of the updates that got a reply, and how many did not. */
export interface EndToEnd {
  updates: number;
  answered: number;
  first: number[];
  last: number[];
}

/** Sends rate updates a second for `seconds`, then matches the fake's sends with them. */
export async function endToEnd(
  serviceUrl: string,
  fake: { count(): Promise<number>; sends(from: number): Promise<Array<[string, string, number, number]>> },
  source: UpdateSource,
  rate: number,
  seconds: number,
): Promise<EndToEnd> {
  const from = await fake.count();
  const sent: Array<{ chatId: string; at: number }> = [];
  const inFlight: Array<Promise<unknown>> = [];
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const u = source.next();
    sent.push({ chatId: String(u.chatId), at: nowMs() });
    inFlight.push(
      fetch(`${serviceUrl}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': BENCH_SECRET },
        body: JSON.stringify(u.body),
      }).then((r) => r.arrayBuffer()),
    );
  }
  await Promise.all(inFlight);
  const replies = (await fake.sends(from)).filter((s) => s[1] === 'sendMessage' && s[3] === 200);
  const byChat = new Map<string, number[]>();
  for (const [chatId, , at] of replies) byChat.set(chatId, [...(byChat.get(chatId) ?? []), at]);
  const result: EndToEnd = { updates: total, answered: 0, first: [], last: [] };
  sent.forEach((s, i) => {
    const next = sent.slice(i + 1).find((o) => o.chatId === s.chatId)?.at ?? Number.POSITIVE_INFINITY;
    const mine = (byChat.get(s.chatId) ?? []).filter((at) => at >= s.at && at < next);
    if (mine.length === 0) return;
    result.answered++;
    result.first.push(Math.min(...mine) - s.at);
    result.last.push(Math.max(...mine) - s.at);
  });
  return result;
}

/** The q-quantile (0-1) of xs, nearest rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}
