/**
 * Memory under load: the service's own RSS (/proc/<pid>/status VmRSS of `npm start`'s process) after
 * warm-up, after 100,000 Telegram updates through the webhook and after one 10,000-recipient
 * broadcast with the limits lifted, each divided by the RSS after warm-up. PGlite by default.
 * Run: npm run bench:footprint [-- --updates 100000 --recipients 10000 --db pglite|postgres]
 */
import { parseArgs } from 'node:util';
import { openPglite, openPostgres } from '../src/db/client.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { addSubscribers } from '../test/broadcast/support.ts';
import { BENCH_ADMIN_TOKEN } from './support/constants.ts';
import { hammer } from './support/load.ts';
import { newDataPlace, startFake, startService } from './support/processes.ts';
import { UpdateSource } from './support/updates.ts';

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '100000' },
    recipients: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'pglite' },
  },
});
const UPDATES = Number(values.updates);
const RECIPIENTS = Number(values.recipients);
const kind = values.db === 'postgres' ? 'postgres' : 'pglite';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const fake = await startFake();
const place = await newDataPlace(kind);
// The recipients go in before the service starts: a PGlite data dir is held by one process at a time.
const database = place.dir
  ? await openPglite(place.dir)
  : await openPostgres(place.env.DATABASE_URL as string);
await prepareDatabase(database);
await addSubscribers(database.db, { channel: 'telegram', count: RECIPIENTS, from: 9_000_000 });
await database.close();

const service = await startService(fake.url, place, {
  ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
  TELEGRAM_RATE: '10000',
  FOUR_EYES_ABOVE_UNITS: 'off',
});
const api = (path: string, body?: object) =>
  fetch(`${service.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const rows: Array<[string, number]> = [];
try {
  await sleep(2000);
  rows.push(['idle, 2 s after start', service.rssMiB()]);
  const source = new UpdateSource(300);
  await hammer(service.url, source, { connections: 20, seconds: 10 });
  await sleep(2000);
  const warm = service.rssMiB();
  rows.push(['after warm-up (10 s of updates, then 2 s idle)', warm]);

  const t0 = performance.now();
  const load = await hammer(service.url, source, { connections: 20, seconds: 3600, amount: UPDATES });
  const failed = load.non2xx + load.errors + load.timeouts;
  process.stderr.write(
    `${load.requests.total} updates in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${failed} failed\n`,
  );
  await sleep(2000);
  rows.push([
    `after ${load.requests.total.toLocaleString('en')} updates (${failed} failed)`,
    service.rssMiB(),
  ]);

  const created = await api('/api/v1/broadcasts', {
    message: { vi: 'Tin thử: tháng hành động vì bình đẳng giới.' },
    audience: { channels: ['telegram'] },
    send: true,
  });
  if (created.status !== 201)
    throw new Error(`broadcast not created: ${created.status} ${await created.text()}`);
  const { id, recipients } = (await created.json()) as { id: number; recipients: number };
  const b0 = performance.now();
  let peak = 0;
  for (;;) {
    peak = Math.max(peak, service.rssMiB());
    const b = (await (await api(`/api/v1/broadcasts/${id}`)).json()) as { status: string };
    if (b.status === 'done') break;
    if (!['scheduled', 'sending'].includes(b.status)) throw new Error(`broadcast ended ${b.status}`);
    await sleep(250);
  }
  process.stderr.write(`broadcast to ${recipients} in ${((performance.now() - b0) / 1000).toFixed(1)} s\n`);
  await sleep(2000);
  rows.push([`peak during the ${recipients.toLocaleString('en')}-recipient broadcast`, peak]);
  rows.push(['after the broadcast, 2 s idle', service.rssMiB()]);

  process.stdout.write(
    `\n### Footprint (${kind}, the service's own VmRSS)\n\n| moment | RSS | / after warm-up |\n|---|---|---|\n${rows
      .map(([what, mib]) => `| ${what} | ${mib.toFixed(0)} MiB | ${(mib / warm).toFixed(2)} |`)
      .join('\n')}\n`,
  );
} finally {
  await service.stop();
  await fake.stop();
}
