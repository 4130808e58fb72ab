import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './support/db.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** Starts `npm start`'s command on a free port and resolves with the URL it prints. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, url, output: () => out, errors: () => err };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

describe('the service process', () => {
  it('starts on a new data dir, serves /chat, reopens it, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoaban-main-'));
    for (const round of [1, 2]) {
      const svc = start({ DATA_DIR: dataDir });
      const url = await svc.url;
      expect(svc.output()).toContain(`web chat:   ${url}/chat`);
      if (round === 1) expect(svc.output()).toContain('content seeded');
      else expect(svc.output()).not.toContain('content seeded');
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const page = await fetch(`${url}/chat`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/chat/app.js');
      svc.child.kill('SIGTERM');
      expect(await exited(svc.child)).toBe(0);
    }
  });

  it('stops with one line naming a bad variable', async () => {
    const svc = start({ PORT: 'eighty' });
    await expect(svc.url).rejects.toThrow(
      /exited 1: hoaban: configuration error: PORT: must be a port number/,
    );
  });

  it('refuses a second process on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoaban-main-'));
    const first = start({ DATA_DIR: dataDir });
    await first.url;
    const second = start({ DATA_DIR: dataDir });
    await expect(second.url).rejects.toThrow(/is in use by another Hoa Ban process/);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('runs on a PostgreSQL server with DATABASE_URL', async () => {
    const created = await createPostgresDatabase();
    try {
      const svc = start({ DATABASE_URL: created.url });
      const url = await svc.url;
      expect(svc.output()).toContain('database:   PostgreSQL (DATABASE_URL), content seeded');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const res = await fetch(`${url}/api/v1/faq/search?q=${encodeURIComponent('nghi thai san may thang')}`);
      const body = (await res.json()) as { answers: Array<{ citations: unknown[] }> };
      expect(body.answers[0]?.citations).toContainEqual({ law: 'BLLD2019', article: '139' });
      svc.child.kill('SIGTERM');
      expect(await exited(svc.child)).toBe(0);
    } finally {
      await created.drop();
    }
  });
});
