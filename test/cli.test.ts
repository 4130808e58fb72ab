import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, hoaban } from './support/cli.ts';

const exec = promisify(execFile);

describe('hoaban CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hoaban-cli-'));
  const env = { DATA_DIR: dataDir };
  beforeAll(async () => {
    // First use migrates and seeds the new data directory.
    const { stdout } = await exec(process.execPath, [BIN, 'migrate'], {
      env: { ...process.env, ...env, DATABASE_URL: '' },
    });
    expect(stdout).toMatch(/Database migrated; content seeded: \d+ FAQ nodes, \d+ services, 75 units/);
  });

  it('answers danger from stdin, with and without diacritics, one JSON object a line', async () => {
    const out = await hoaban(['ask', '--json'], {
      env,
      stdin: 'chồng tôi đang đánh tôi\nchong toi dang danh toi\n',
    });
    expect(out.code).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['answers', 'intent', 'reply', 'text']);
      expect(l.intent).toBe('emergency');
      expect(l.reply).toContain('113');
    }
    expect(lines[0].text).toBe('chồng tôi đang đánh tôi');
  });

  it('answers a maternity-leave question citing Article 139 of the Labour Code', async () => {
    const out = await hoaban(['ask', '--json', 'nghỉ thai sản mấy tháng'], { env });
    expect(out.code).toBe(0);
    const res = JSON.parse(out.stdout);
    expect(res.intent).toBe('faq');
    expect(res.answers.length).toBeGreaterThan(0);
    expect(res.answers.length).toBeLessThanOrEqual(5);
    expect(res.answers[0].citations).toContainEqual({ law: 'BLLD2019', article: '139' });
    expect(res.reply).toContain('139');
  });

  it('answers in English with --lang en, as plain text without --json', async () => {
    const out = await hoaban(['ask', '--lang', 'en', 'how long is maternity leave'], { env });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Article 139/);
    // Buttons print as the numbered list a text-only channel shows.
    expect(out.stdout).toMatch(/\n1\. .+\n2\. /);
  });

  it('refuses a bad option with a usage error', async () => {
    const out = await hoaban(['ask', '--lang', 'fr', 'x'], { env });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--lang must be vi or en');
    const unknown = await hoaban(['frobnicate'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('names a bad environment variable in one line', async () => {
    const out = await hoaban(['migrate'], { env: { ...env, DATABASE_URL: 'mysql://nope' } });
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe('hoaban: DATABASE_URL: must start with postgres:// or postgresql://');
  });

  it('says in one line that the database cannot be reached, and exits 1', async () => {
    const out = await hoaban(['migrate'], {
      env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
    });
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toMatch(/^hoaban: could not open the database: ECONNREFUSED [^\n]*$/);
  });

  it('checks the shipped content and prints counts per field', async () => {
    const out = await hoaban(['content', 'check']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/\d+ answers \(.*labour \d+.*\); \d+ services; 75 units/);
    expect(out.stdout).toContain('content check passed');
  });

  it('prints help for each command', async () => {
    for (const args of [['--help'], ['ask', '--help'], ['migrate', '--help'], ['content', '--help']]) {
      const out = await hoaban(args);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Usage: hoaban/);
    }
  });
});
