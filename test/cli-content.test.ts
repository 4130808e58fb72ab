import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { COLUMN_NAMES } from '../src/content/import/columns.ts';
import { openDatabase } from '../src/db/client.ts';
import { listAudit } from '../src/db/queries/audit.ts';
import { hoaban as run } from './support/cli.ts';

const FIXTURE = new URL('./fixtures/directory-sample.csv', import.meta.url).pathname;
const FILES = ['faq.json', 'services.json', 'units.json'];

const hoaban = (args: string[], env: Record<string, string>) => run(args, { env });

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `hoaban-${name}-`));
const files = (dir: string) => FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
const copyDir = (from: string, edit: (file: string, text: string) => string) => {
  const dir = tmp('edit');
  for (const f of FILES) writeFileSync(join(dir, f), edit(f, readFileSync(join(from, f), 'utf8')));
  return dir;
};

describe('hoaban export / import', () => {
  const env = { DATA_DIR: tmp('data') };
  const run = (...args: string[]) => hoaban(args, env);
  const first = tmp('export');
  /** Exports the database now and returns the three files' text. */
  const current = async () => {
    const dir = tmp('now');
    const out = await run('export', 'content', dir);
    expect(out.code).toBe(0);
    return files(dir);
  };

  beforeAll(async () => {
    const out = await run('export', 'content', first);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^Exported \d+ FAQ nodes, 8 services, 75 units: /);
  }, 60_000);

  it('refuses to overwrite an export unless --force', async () => {
    const again = await run('export', 'content', first);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has faq\.json, services\.json, units\.json; use --force/);
    expect((await run('export', 'content', first, '--force')).code).toBe(0);
  }, 60_000);

  it('imports an export and exports the same files again', async () => {
    const out = await run('import', 'content', first);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Imported \d+ FAQ nodes, 8 services, 75 units from /);
    expect(await current()).toEqual(files(first));
  }, 60_000);

  it('refuses a broken directory with every error listed, and changes nothing', async () => {
    const broken = copyDir(first, (f, t) =>
      f === 'faq.json'
        ? t
            .replace('"law": "BLLD2019"', '"law": "LD2019"')
            .replace('"parent": "lao-dong.mang-thai"', '"parent": "lao-dong.mang-that"')
        : t,
    );
    const out = await run('import', 'content', broken);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: faq\.json: id "lao-dong\.thai-san\.thoi-gian": citations\.0\.law/m);
    expect(out.stderr).not.toMatch(/parent/); // schema errors stop before the content check
    expect(out.stderr).toMatch(/error\(s\); nothing was written/);
    const orphan = copyDir(first, (f, t) =>
      f === 'faq.json' ? t.replace('"parent": "lao-dong.mang-thai"', '"parent": "lao-dong.mang-that"') : t,
    );
    const out2 = await run('import', 'content', orphan);
    expect(out2.code).toBe(1);
    expect(out2.stderr).toMatch(/parent "lao-dong\.mang-that" does not exist/);
    const badJson = copyDir(first, (f, t) =>
      f === 'units.json' ? t.replace('"kind": "ward",', '"kind": "ward"') : t,
    );
    const out3 = await run('import', 'content', badJson);
    expect(out3.code).toBe(1);
    expect(out3.stderr).toMatch(/units\.json: invalid JSON: .*\(line \d+ column \d+\)/);
    expect(await current()).toEqual(files(first));
  }, 90_000);

  it('imports the directory CSV only when every row is right', async () => {
    const bad = join(tmp('csv'), 'bad.csv');
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    writeFileSync(bad, [...lines.slice(0, 2), lines[2]?.replace('legal_aid', 'lawyer')].join('\n'));
    const out = await run('import', 'directory', bad);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: line 3: kind: "lawyer" is not one of /m);
    expect(out.stderr).toMatch(/1 error\(s\); nothing was written/);
    expect(await current()).toEqual(files(first));

    const dry = await run('import', 'directory', FIXTURE, '--dry-run');
    expect(dry.stdout).toMatch(/Dry run: 2 to add, 0 to update, 0 to remove; nothing written/);
    const ok = await run('import', 'directory', FIXTURE);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/Imported 2 entries from .*: 2 added, 0 updated, 0 removed/);
    // The import is in the audit log as the operator's, with the fields it set and no value.
    const database = await openDatabase(loadConfig(env));
    try {
      const [entry] = (await listAudit(database.db, { action: 'directory', limit: 1 })).entries;
      expect(entry).toMatchObject({ actor: 'cli', action: 'directory.import', details: { added: 2 } });
      expect(entry?.details.fields).toEqual(expect.arrayContaining(['kind', 'address', 'phone']));
      expect(JSON.stringify(entry?.details)).not.toMatch(/0212|Thử Nghiệm/);
    } finally {
      await database.close();
    }

    // The bot gives the imported shelter's phone for its commune, never its address.
    const ask = await run('ask', 'chieng lao');
    expect(ask.stdout).toContain('0212 000 0001');
    expect(ask.stdout).not.toContain('Thử Nghiệm');
  }, 90_000);

  it('lists stale entries in content check --db, and --replace removes what the file no longer has', async () => {
    const old = join(tmp('csv'), 'old.csv');
    writeFileSync(
      old,
      'id,kind,name_vi,name_en,unit,phone,source,confirmed\ntest:old,health,THỬ Trạm cũ,TEST old station,Mường Bú,0212 000 0009,test,2024-01-15\n',
    );
    const imported = await run('import', 'directory', old);
    expect(imported.stdout).toMatch(/warning: line 2: confirmed 2024-01-15 is more than 12 months ago/);
    expect(imported.stdout).toMatch(/1 added.*; 1 stale, hidden from residents/);
    const check = await run('content', 'check', '--db');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/\d+ answers \(.*labour \d+.*\); 11 services; 75 units/);
    expect(check.stdout).toContain(
      '1 stale entry, hidden from residents until re-confirmed:\nstale: test:old (confirmed 2024-01-15)',
    );
    expect((await run('ask', 'muong bu')).stdout).not.toContain('0212 000 0009');

    const replaced = await run('import', 'directory', FIXTURE, '--replace');
    expect(replaced.stdout).toMatch(/0 added, 2 updated, 1 removed/);
    const after = await current();
    expect(after[1]).not.toContain('test:old');
    expect(after[1]).toContain('"id": "sos:113"');
  }, 90_000);

  it('documents the commands and every CSV column', async () => {
    const help = await run('import', '--help');
    expect(help.code).toBe(0);
    for (const c of COLUMN_NAMES) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect((await run('export', '--help')).stdout).toMatch(/^Usage: hoaban export content DIR \[--force\]/);
    const usage = await run('import', 'directory');
    expect(usage.code).toBe(2);
    const missing = await run('import', 'directory', '/nonexistent/file.csv');
    expect(missing.stderr.trim()).toBe('hoaban: cannot read /nonexistent/file.csv: ENOENT');
  }, 60_000);
});
