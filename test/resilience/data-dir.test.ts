/**
 * A PGlite data directory that cannot be written at start (read-only, or on a full disk) stops the
 * real process with one clear line and leaves the directory as it was: a later start with room to
 * write serves the same data. A second server on a running server's directory refuses likewise.
 * Read-only and full are real mounts (a read-only bind mount, a tiny tmpfs) when running as root, as
 * CI does; without root the read-only case uses permissions and the full-disk cases are skipped.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/client.ts';
import { TEMPLATE_FILE } from '../support/paths.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const IS_ROOT = process.getuid?.() === 0;
const MARKER = 'data-dir-marker-1';

function canMount(): boolean {
  if (!IS_ROOT) return false;
  const dir = mkdtempSync(join(tmpdir(), 'hoaban-mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const MOUNT = canMount();

type Run = { code: number | null; stdout: string; stderr: string; url?: string; child: ChildProcess };

/** Starts the real server on dir; resolves once it is running (url set) or has exited. */
function startServer(dir: string, timeoutMs = 40_000): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn', WEBCHAT: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '', child };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start or exit in ${timeoutMs} ms: ${run.stderr}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (c) => {
      run.stdout += String(c);
      const m = /running at (http:\/\/\S+)/.exec(run.stdout);
      if (m) {
        run.url = m[1];
        clearTimeout(timer);
        resolve(run);
      }
    });
    child.stderr?.on('data', (c) => {
      run.stderr += String(c);
    });
    child.on('exit', (code) => {
      run.code = code;
      clearTimeout(timer);
      resolve(run);
    });
  });
}

/** Stops a server this test started (by its pid) and waits for it to exit. */
async function stopServer(run: Run): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = new Promise((r) => run.child.on('exit', r));
  run.child.kill('SIGTERM');
  await exited;
}

/** A migrated, seeded data directory (the test template) holding one marker subscriber. */
async function makeDataDir(dir: string): Promise<void> {
  const database = await openPglite(dir, { loadDataDir: new Blob([readFileSync(TEMPLATE_FILE)]) });
  await database.db.execute(
    sql`insert into subscribers (channel, chat_id, locale, subscribed) values ('telegram', ${MARKER}, 'vi', true)`,
  );
  await database.close();
}

/** The marker is still there and the database answers: the directory was not damaged. */
async function markerCount(dir: string): Promise<number> {
  const database = await openPglite(dir);
  try {
    const res = await database.db.execute(
      sql`select count(*)::int as n from subscribers where chat_id = ${MARKER}`,
    );
    return Number((res as unknown as { rows: Array<{ n: number }> }).rows[0]?.n);
  } finally {
    await database.close();
  }
}

/** One line on stderr, starting with "hoaban:", and no stack trace. */
function expectOneClearLine(run: Run, pattern: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hoaban: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('data directory problems at start (PGlite, the real process)', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-datadir-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const mount = (args: string[], target: string) => {
    execFileSync('mount', [...args, target]);
    cleanups.push(() => execFileSync('umount', [target], { stdio: 'ignore' }));
  };

  /** Makes dir read-only: a read-only bind mount as root (root ignores permissions), else chmod. */
  const readOnly = (dir: string) => {
    if (MOUNT) {
      mount(['--bind', dir], dir);
      execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
      return () => execFileSync('mount', ['-o', 'remount,rw,bind', dir]);
    }
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  };

  it.skipIf(IS_ROOT && !MOUNT)(
    'a read-only data directory: one clear line, then a writable start serves the same data',
    async () => {
      const dir = join(tempDir(), 'data');
      await makeDataDir(dir);
      const writable = readOnly(dir);
      const refused = await startServer(dir);
      expectOneClearLine(refused, /read-only file system|EROFS|EACCES|permission denied/i);
      if (process.env.HOABAN_REPORT) process.stderr.write(`read-only: ${refused.stderr.trim()}\n`);
      writable();
      expect(await markerCount(dir)).toBe(1);
      const ok = await startServer(dir);
      cleanups.push(() => stopServer(ok));
      expect(ok.url, ok.stderr).toBeDefined();
      expect((await fetch(`${ok.url}/readyz`)).status).toBe(200);
      await stopServer(ok);
      expect(await markerCount(dir)).toBe(1);
    },
    60_000,
  );

  it.runIf(MOUNT)(
    'a new data directory on a full disk: one clear line, and a later start with room works',
    async () => {
      const mnt = tempDir();
      mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs'], mnt);
      const dir = join(mnt, 'data');
      const refused = await startServer(dir);
      expectOneClearLine(refused, /ENOSPC|no space left/i);
      if (process.env.HOABAN_REPORT) process.stderr.write(`full disk, new dir: ${refused.stderr.trim()}\n`);
      // Room again (a bigger disk): the half-made directory does not stand in the way.
      execFileSync('mount', ['-o', 'remount,size=128m', mnt]);
      const ok = await startServer(dir, 60_000);
      cleanups.push(() => stopServer(ok));
      expect(ok.url, ok.stderr).toBeDefined();
      expect((await fetch(`${ok.url}/readyz`)).status).toBe(200);
    },
    90_000,
  );

  it.runIf(MOUNT)(
    'an existing data directory on a full disk: one clear line or a normal start, never damage',
    async () => {
      const mnt = tempDir();
      mount(['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs'], mnt);
      const dir = join(mnt, 'data');
      await makeDataDir(dir);
      // Fill the disk to the last byte.
      const filler = join(mnt, 'filler');
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
      } catch {
        // dd stops with "No space left on device", as intended
      }
      expect(() => writeFileSync(join(mnt, 'one-more'), 'x'.repeat(8192))).toThrow(/ENOSPC/);
      const full = await startServer(dir);
      if (full.url) {
        // It came up: reading needs no room. Stop it; what matters is that nothing is damaged.
        await stopServer(full);
      } else {
        expectOneClearLine(full, /ENOSPC|no space left/i);
      }
      rmSync(filler);
      expect(await markerCount(dir)).toBe(1);
      const ok = await startServer(dir);
      cleanups.push(() => stopServer(ok));
      expect(ok.url, ok.stderr).toBeDefined();
      expect((await fetch(`${ok.url}/readyz`)).status).toBe(200);
      if (process.env.HOABAN_REPORT)
        process.stderr.write(
          `full disk, existing dir: ${full.url ? 'started' : `refused: ${full.stderr.trim()}`}\n`,
        );
    },
    90_000,
  );

  it('a second server on a running server’s data directory refuses with one clear line; the first serves on', async () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir);
    await makeDataDir(dir);
    const first = await startServer(dir);
    cleanups.push(() => stopServer(first));
    expect(first.url, first.stderr).toBeDefined();
    const second = await startServer(dir);
    expectOneClearLine(second, new RegExp(`in use by another Hoa Ban process \\(pid ${first.child.pid}\\)`));
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await stopServer(first);
    expect(await markerCount(dir)).toBe(1);
  }, 60_000);
});
