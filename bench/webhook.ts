/**
 * Webhook throughput and latency: POST /webhooks/telegram doing its real work (secret check, parse,
 * dedupe, conversation turn, reply sent to a fake Bot API in another process) against a bare Fastify
 * route that answers 200, with autocannon, on PGlite and (when TEST_DATABASE_URL is set) PostgreSQL;
 * then latency at a fixed 200 updates/s, and update-in to reply-at-the-fake latency at a modest rate.
 * The service runs as `npm start` does, in its own process. Prints Markdown tables.
 * Run: npm run bench:webhook [-- --seconds 15 --connections 20 --rate 200 --rate-seconds 20
 *      --e2e-rate 20 --e2e-seconds 15 --only pglite|postgres]
 */
import { parseArgs } from 'node:util';
import { endToEnd, quantile } from './support/end-to-end.ts';
import { hammer, type LoadResult } from './support/load.ts';
import { newDataPlace, startBare, startFake, startService } from './support/processes.ts';
import { UpdateSource } from './support/updates.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '200' },
    'rate-seconds': { type: 'string', default: '20' },
    'e2e-rate': { type: 'string', default: '20' },
    'e2e-seconds': { type: 'string', default: '15' },
    only: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const RATE = Number(values.rate);
const RATE_SECONDS = Number(values['rate-seconds']);
const E2E_RATE = Number(values['e2e-rate']);
const E2E_SECONDS = Number(values['e2e-seconds']);

const kinds = (['pglite', 'postgres'] as const).filter(
  (k) => (k === 'pglite' || process.env.TEST_DATABASE_URL) && (!values.only || values.only === k),
);
const failed = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;
// autocannon times requests to the whole millisecond: under 1 ms reads "< 1 ms".
const ms = (x: number) => (x < 1 ? '< 1 ms' : `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`);

const fake = await startFake();
const bare = await startBare();
const source = new UpdateSource(300);
const throughput: string[] = [];
const fixed: string[] = [];
const e2e: string[] = [];
try {
  for (const kind of kinds) {
    const place = await newDataPlace(kind);
    const service = await startService(fake.url, place);
    try {
      // Warm-up: JIT, the content index, the connection pools and the first contact of every chat.
      await hammer(service.url, source, { connections: CONNECTIONS, seconds: 5 });
      await hammer(bare.url, source, { connections: CONNECTIONS, seconds: 2 });
      const b = await hammer(bare.url, source, { connections: CONNECTIONS, seconds: SECONDS });
      const r = await hammer(service.url, source, { connections: CONNECTIONS, seconds: SECONDS });
      const ratio = r.requests.average / b.requests.average;
      throughput.push(
        `| ${kind} | bare Fastify route | ${b.requests.total} | ${b.requests.average.toFixed(0)}/s | ${ms(b.latency.p50)} | ${ms(b.latency.p99)} | ${failed(b)} | — |`,
        `| ${kind} | POST /webhooks/telegram | ${r.requests.total} | ${r.requests.average.toFixed(0)}/s | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${failed(r)} | ${ratio.toFixed(3)} |`,
      );
      for (const [what, url] of [
        ['bare Fastify route', bare.url],
        ['POST /webhooks/telegram', service.url],
      ] as const) {
        const f = await hammer(url, source, { connections: 50, seconds: RATE_SECONDS, rate: RATE });
        fixed.push(
          `| ${kind} | ${what} | ${RATE}/s for ${RATE_SECONDS} s | ${(f.requests.total / RATE_SECONDS).toFixed(1)}/s | ${ms(f.latency.p50)} | ${ms(f.latency.p99)} | ${ms(f.latency.max)} | ${failed(f)} |`,
        );
      }
      const e = await endToEnd(service.url, fake, source, E2E_RATE, E2E_SECONDS);
      e2e.push(
        `| ${kind} | ${E2E_RATE}/s for ${E2E_SECONDS} s | ${e.updates} | ${e.answered} | ${ms(quantile(e.first, 0.5))} | ${ms(quantile(e.first, 0.99))} | ${ms(quantile(e.last, 0.5))} | ${ms(quantile(e.last, 0.99))} |`,
      );
    } finally {
      await service.stop();
    }
  }
} finally {
  await bare.stop();
  await fake.stop();
}

process.stdout.write(
  `\n### Throughput (${CONNECTIONS} connections, ${SECONDS} s each, side by side)\n\n` +
    '| database | target | requests | requests/s | p50 | p99 | non-2xx + errors | real / bare |\n' +
    `|---|---|---|---|---|---|---|---|\n${throughput.join('\n')}\n` +
    '\n### Latency at a fixed rate (autocannon overallRate, 50 connections)\n\n' +
    '| database | target | asked | achieved | p50 | p99 | max | non-2xx + errors |\n' +
    `|---|---|---|---|---|---|---|---|\n${fixed.join('\n')}\n` +
    '\n### End to end: update sent -> reply recorded at the fake Bot API\n\n' +
    '| database | rate | updates | answered | first reply p50 | first reply p99 | last reply p50 | last reply p99 |\n' +
    `|---|---|---|---|---|---|---|---|\n${e2e.join('\n')}\n`,
);
