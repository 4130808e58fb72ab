/**
 * Cold start to ready on a new and on an existing PGlite data directory, and idle RSS, measured by
 * starting the real service process (`npm start`'s command) several times. Prints a Markdown table.
 * Run: npm run bench:startup [-- --runs 5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);

async function startOnce(dataDir: string): Promise<{ readyMs: number; healthMs: number; rssMiB: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  const readyMs = performance.now() - t0;
  let healthMs = 0;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      healthMs = performance.now() - t0;
      break;
    }
  }
  await new Promise((r) => setTimeout(r, 2000));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { readyMs, healthMs, rssMiB: rssKb / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fresh: number[] = [];
const reopen: number[] = [];
const rss: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'hoaban-bench-'));
  const a = await startOnce(dir);
  const b = await startOnce(dir);
  fresh.push(a.healthMs);
  reopen.push(b.healthMs);
  rss.push(b.rssMiB);
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`| measure (median of ${RUNS}) | value | min | max |`);
console.log('|---|---|---|---|');
console.log(
  `| process start to /healthz 200, new data dir | ${fmt(median(fresh))} | ${fmt(Math.min(...fresh))} | ${fmt(Math.max(...fresh))} |`,
);
console.log(
  `| process start to /healthz 200, existing data dir | ${fmt(median(reopen))} | ${fmt(Math.min(...reopen))} | ${fmt(Math.max(...reopen))} |`,
);
console.log(
  `| RSS idle 2 s after start (existing data dir) | ${median(rss).toFixed(0)} MiB | ${Math.min(...rss).toFixed(0)} MiB | ${Math.max(...rss).toFixed(0)} MiB |`,
);
