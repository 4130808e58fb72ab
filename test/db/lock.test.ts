import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/client.ts';
import { DataDirLockedError, lockDataDir } from '../../src/db/lock.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/hoaban.js', import.meta.url).pathname;

describe('PGlite data directory lock', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('refuses a second process on the same data directory with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-lock-'));
    const database = await openPglite(dir);
    cleanups.push(() => database.close());
    const err = await run(process.execPath, [BIN, 'migrate'], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err, 'the second process must fail').toBeDefined();
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain(`in use by another Hoa Ban process (pid ${process.pid})`);
    // The first process still works.
    expect(await database.ping()).toBe(true);
  });

  it('refuses a second open in the same process and frees the directory on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-lock-'));
    const first = await openPglite(dir);
    await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    const again = await openPglite(dir);
    cleanups.push(() => again.close());
    expect(await again.ping()).toBe(true);
  });

  it('takes over a lock left by a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-lock-'));
    writeFileSync(join(dir, 'hoaban.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'hoaban.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(() => readFileSync(join(dir, 'hoaban.lock'))).toThrow();
  });
});
