/**
 * Broadcast throughput: achieved / configured rate over 10,000 recipients at Telegram's default limit
 * (30/s), and the highest rate with the limits lifted, with CPU time per message, on PGlite and (when
 * TEST_DATABASE_URL is set) PostgreSQL. The service runs in this process, the fake Bot API in another.
 * Run: npm run bench:broadcast [-- --recipients 10000 --rate 30 --only limited|lifted]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { type Database, openPglite, openPostgres } from '../src/db/client.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { getBroadcast } from '../src/db/queries/broadcasts.ts';
import { createService } from '../src/service.ts';
import { addSubscribers, scheduleBroadcast } from '../test/broadcast/support.ts';
import { createPostgresDatabase } from '../test/support/db.ts';
import { BENCH_TOKEN } from './support/constants.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '30' },
    only: { type: 'string' },
  },
});
const RECIPIENTS = Number(values.recipients);

interface Stats {
  accepted: number;
  firstAt: number;
  lastAt: number;
  maxPerSecond: number;
  rateExceeded: number;
  sentDuringPause: number;
  duplicates: number;
}

async function startFake(perSecond: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fake-platform.ts', String(perSecond)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0] as string);
    });
  });
  const { url, stats } = JSON.parse(line) as { url: string; stats: string };
  return { url, stats: async () => (await (await fetch(stats)).json()) as Stats, close: () => child.kill() };
}

async function openDb(
  kind: 'pglite' | 'postgres',
): Promise<{ database: Database; done: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-bench-'));
    const database = await openPglite(dir);
    return { database, done: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  const database = await openPostgres(created.url);
  return { database, done: () => created.drop() };
}

async function run(kind: 'pglite' | 'postgres', rate: number, fakeRate: number) {
  const fake = await startFake(fakeRate);
  const { database, done } = await openDb(kind);
  await prepareDatabase(database);
  await addSubscribers(database.db, { channel: 'telegram', count: RECIPIENTS });
  const config = loadConfig({
    PORT: '0',
    WEBCHAT: 'off',
    QUIET_HOURS: 'off',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: BENCH_TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_RATE: String(rate),
  });
  const service = await createService(config, { database });
  await service.start();
  const id = await scheduleBroadcast(database.db);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  service.worker.wake();
  while ((await getBroadcast(database.db, id))?.status !== 'done')
    await new Promise((r) => setTimeout(r, 100));
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const s = await fake.stats();
  await service.close();
  fake.close();
  await done();
  const achieved = s.accepted > 1 ? ((s.accepted - 1) * 1000) / (s.lastAt - s.firstAt) : 0;
  return {
    kind,
    rate,
    accepted: s.accepted,
    wallS,
    achieved,
    maxPerSecond: s.maxPerSecond,
    violations: s.rateExceeded + s.sentDuringPause,
    duplicates: s.duplicates,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / Math.max(1, s.accepted),
  };
}

const kinds: Array<'pglite' | 'postgres'> = [
  'pglite',
  ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : []),
];
const rows: string[] = [];
for (const kind of kinds) {
  if (values.only !== 'lifted') {
    const rate = Number(values.rate);
    const r = await run(kind, rate, rate);
    rows.push(
      `| ${kind} | limited ${rate}/s | ${r.accepted} | ${r.wallS.toFixed(1)} s | ${r.achieved.toFixed(2)}/s | ${(r.achieved / rate).toFixed(3)} | ${r.maxPerSecond} | ${r.violations} | ${r.duplicates} | ${r.cpuMsPerMessage.toFixed(2)} ms |`,
    );
  }
  if (values.only === 'limited') continue;
  const r = await run(kind, 10000, 1_000_000);
  rows.push(
    `| ${kind} | lifted | ${r.accepted} | ${r.wallS.toFixed(1)} s | ${r.achieved.toFixed(0)}/s | — | ${r.maxPerSecond} | ${r.violations} | ${r.duplicates} | ${r.cpuMsPerMessage.toFixed(2)} ms |`,
  );
}
process.stdout.write(
  `| database | limit | messages | wall | achieved rate | achieved / configured | max in any 1 s at the fake | 429s + sends in a pause | duplicates | CPU per message |\n|---|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
);
