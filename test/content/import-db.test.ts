import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_FILES, contentFiles, exportContent } from '../../src/content/export.ts';
import { readContentDir } from '../../src/content/import/content-dir.ts';
import { parseDirectoryCsv } from '../../src/content/import/directory-csv.ts';
import { loadSeedContent } from '../../src/content/index.ts';
import type { Service } from '../../src/content/types.ts';
import type { Database } from '../../src/db/client.ts';
import { contentVersion, importServices, loadContent, replaceContent } from '../../src/db/queries/content.ts';
import { testDatabases } from '../support/db.ts';

const seed = loadSeedContent();
const today = new Date('2026-11-30T03:00:00Z');
const shipped = seed.services.map((s) => s.id);
const fixture = parseDirectoryCsv(
  readFileSync(new URL('../fixtures/directory-sample.csv', import.meta.url), 'utf8'),
  { units: seed.units, shippedIds: new Set(shipped), today },
).services;
const sortIds = (list: Service[]) => list.map((s) => s.id).sort();
const tmp = () => mkdtempSync(join(tmpdir(), 'hoaban-export-'));
const read = (dir: string) =>
  Object.fromEntries(CONTENT_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe.each(testDatabases)('content import and export on $name', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('exports the seeded database as the shipped content, in a stable layout', async () => {
    const dir = tmp();
    exportContent(await loadContent(database.db), dir);
    const back = loadSeedContent(dir);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(back.faq)).toEqual(byId(seed.faq));
    expect(back.services).toEqual(byId(seed.services));
    expect(new Set(back.units.map((u) => JSON.stringify(u)))).toEqual(
      new Set(seed.units.map((u) => JSON.stringify(u))),
    );
    // The same content in another order gives the same bytes.
    const shuffled = {
      faq: [...seed.faq].reverse(),
      services: [...seed.services].reverse(),
      units: [...seed.units].reverse(),
    };
    expect(contentFiles(shuffled)).toEqual(read(dir));
    expect(readFileSync(join(dir, 'services.json'), 'utf8')).toMatch(
      /^\[\n {2}\{\n {4}"id": "hotline:111",\n/,
    );
  });

  it('round-trips: export, import, export gives identical files', async () => {
    await importServices(database.db, fixture);
    const first = tmp();
    exportContent(await loadContent(database.db), first);
    const parsed = readContentDir(first, today);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await replaceContent(database.db, parsed.data);
    const second = tmp();
    exportContent(await loadContent(database.db), second);
    expect(read(second)).toEqual(read(first));
    expect(read(first)['services.json']).toContain('"id": "test:legal-aid"');
    expect(() => exportContent(parsed.data, second)).toThrow(
      /already has faq\.json, services\.json, units\.json/,
    );
    expect(exportContent(parsed.data, second, { force: true })).toHaveLength(3);
  });

  it('refuses broken directories and leaves the database as it was', async () => {
    const good = tmp();
    exportContent(await loadContent(database.db), good);
    const before = await contentVersion(database.db);
    const broken = (file: string, edit: (text: string) => string) => {
      const dir = tmp();
      for (const f of CONTENT_FILES) writeFileSync(join(dir, f), readFileSync(join(good, f), 'utf8'));
      writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
      const r = readContentDir(dir, today);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.errors.join('\n');
    };
    expect(broken('faq.json', (t) => t.replace('"law": "BLLD2019"', '"law": "BLLD2012"'))).toMatch(
      /faq\.json: id "lao-dong\.thai-san\.thoi-gian": citations\.0\.law: Invalid option/,
    );
    expect(
      broken('faq.json', (t) => t.replace('"parent": "lao-dong.thai-san"', '"parent": "lao-dong.thai-sn"')),
    ).toMatch(/faq lao-dong\.thai-san\.thoi-gian: parent "lao-dong\.thai-sn" does not exist/);
    expect(broken('services.json', (t) => t.replace('"kind": "hotline",', '"kind": "hotline"'))).toMatch(
      /^services\.json: invalid JSON: .*\(line 5 column 5\)$/,
    );
    expect(
      broken('faq.json', (t) => t.replace(/"reviewBy": "2027-11-29"/, '"reviewBy": "2026-01-01"')),
    ).toMatch(/reviewBy 2026-01-01 is before 2026-11-30/);
    expect(await contentVersion(database.db)).toBe(before);
  });

  it('adds and updates directory entries by id; --replace keeps only the file and the shipped entries', async () => {
    const start = await loadContent(database.db);
    const v0 = await contentVersion(database.db);
    const extra = { ...(fixture[1] as Service), id: 'test:extra' };
    const r1 = await importServices(database.db, [extra]);
    expect(r1).toEqual({ added: 1, updated: 0, removed: 0 });
    const v1 = await contentVersion(database.db);
    expect(v1).not.toBe(v0);
    expect(await contentVersion(database.db)).toBe(v1);

    const renamed = { ...extra, name: { vi: 'Tên mới', en: 'New name' } };
    expect(await importServices(database.db, [renamed])).toEqual({ added: 0, updated: 1, removed: 0 });
    const stored = (await loadContent(database.db)).services.find((s) => s.id === 'test:extra');
    expect(stored).toEqual(renamed);
    expect(await contentVersion(database.db)).not.toBe(v1);

    const r3 = await importServices(database.db, [fixture[0] as Service], { replace: true, keep: shipped });
    expect(r3).toEqual({ added: 0, updated: 1, removed: start.services.length + 1 - shipped.length - 1 });
    expect(sortIds((await loadContent(database.db)).services)).toEqual(
      [...shipped, (fixture[0] as Service).id].sort(),
    );
  });

  it('writes nothing when one entry of an import fails in the database', async () => {
    const before = await loadContent(database.db);
    const bad = { ...(fixture[1] as Service), id: 'test:bad', name: null } as unknown as Service;
    const fine = { ...(fixture[1] as Service), id: 'test:fine' };
    await expect(importServices(database.db, [fine, bad], { replace: true })).rejects.toThrow();
    expect(await loadContent(database.db)).toEqual(before);
  });
});
