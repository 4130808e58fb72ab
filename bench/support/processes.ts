/**
 * Child processes for the benchmarks: the real service (`npm start`'s command) in webhook mode, the
 * fake Bot API and the bare Fastify baseline, each in its own process so CPU and RSS are their own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../../test/support/db.ts';
import { BENCH_SECRET, BENCH_TOKEN } from './constants.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A started child: its pid, a way to read its RSS, and stop(). */
export interface Child {
  pid: number;
  rssMiB(): number;
  stop(): Promise<void>;
}

function spawnChild(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves with the first match of re on the child's stdout; rejects if it exits first. */
function waitFor(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = re.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
  });
}

function asChild(child: ChildProcess, cleanup: () => Promise<void> = async () => {}): Child {
  const pid = child.pid as number;
  return {
    pid,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await cleanup();
    },
  };
}

/** The fake Bot API with lifted limits; sends() reads what it received from index `from`. */
export async function startFake() {
  const child = spawnChild(['bench/support/fake-telegram.ts']);
  const line = await waitFor(child, /^(\{.*\})\n/);
  const { url, stats } = JSON.parse(line) as { url: string; stats: string };
  return {
    ...asChild(child),
    url,
    count: async () => ((await (await fetch(stats)).json()) as { sends: number }).sends,
    sends: async (from = 0) =>
      (await (await fetch(`${stats}sends?from=${from}`)).json()) as Array<[string, string, number, number]>,
  };
}

/** The bare Fastify baseline. */
export async function startBare() {
  const child = spawnChild(['bench/support/bare-server.ts']);
  const { url } = JSON.parse(await waitFor(child, /^(\{.*\})\n/)) as { url: string };
  return { ...asChild(child), url };
}

export interface DataPlace {
  env: Record<string, string>;
  /** The PGlite data directory (undefined on PostgreSQL). */
  dir: string | undefined;
  drop(): Promise<void>;
}

/** Where a service keeps its data: a new PGlite directory or a new database on TEST_DATABASE_URL. */
export async function newDataPlace(kind: 'pglite' | 'postgres'): Promise<DataPlace> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-bench-'));
    return {
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const created = await createPostgresDatabase();
  return { env: { DATABASE_URL: created.url }, dir: undefined, drop: created.drop };
}

/** The real service (src/main.ts) in webhook mode against the fake; stop() also drops its data. */
export async function startService(
  fakeUrl: string,
  place: { env: Record<string, string>; drop: () => Promise<void> },
  extra: Record<string, string> = {},
) {
  const child = spawnChild(['src/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEBCHAT: 'off',
    QUIET_HOURS: 'off',
    PUBLIC_URL: 'https://bench.example.org',
    TELEGRAM_BOT_TOKEN: BENCH_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: BENCH_SECRET,
    TELEGRAM_API_ROOT: fakeUrl,
    ...place.env,
    ...extra,
  });
  const url = await waitFor(child, /running at (http:\/\/\S+)/);
  return { ...asChild(child, place.drop), url };
}
