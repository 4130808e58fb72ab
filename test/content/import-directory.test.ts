import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, describeColumns } from '../../src/content/import/columns.ts';
import { type DirectoryContext, parseDirectoryCsv } from '../../src/content/import/directory-csv.ts';
import { planDirectoryImport } from '../../src/content/import/plan.ts';
import { loadSeedContent } from '../../src/content/index.ts';
import { serviceKindSchema } from '../../src/content/schemas.ts';

const seed = loadSeedContent();
const FIXTURE = readFileSync(new URL('../fixtures/directory-sample.csv', import.meta.url), 'utf8');
const ctx: DirectoryContext = {
  units: seed.units,
  shippedIds: new Set(seed.services.map((s) => s.id)),
  today: new Date('2026-11-30T03:00:00Z'),
};
const HEADER = COLUMN_NAMES.join(',');
/** A good row in the full header's order; `over` replaces cells by column name. */
function row(over: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    kind: 'legal_aid',
    name_vi: 'Văn phòng thử',
    name_en: 'Test office',
    unit: 'Chiềng Lao',
    phone: '0212 000 0003',
    source: 'test',
    confirmed: '2026-11-01',
    ...over,
  };
  return COLUMN_NAMES.map((c) => {
    const v = base[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}
const parse = (...rows: string[]) => parseDirectoryCsv([HEADER, ...rows].join('\n'), ctx);

describe('parseDirectoryCsv', () => {
  it('reads the sample file into complete services', () => {
    const r = parseDirectoryCsv(FIXTURE, ctx);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.services).toHaveLength(2);
    const [shelter, office] = r.services;
    expect(shelter).toMatchObject({
      id: 'shelter:chieng-lao:thu-nghiem-nha-tam-lanh-gia-dinh-khong-co-that',
      kind: 'shelter',
      unit: 'Chiềng Lao',
      formerDistrict: 'Mường La',
      phone: '0212 000 0001',
      addressPublic: false,
      lat: 21.52,
      lon: 104.02,
      languages: ['vi', 'thai'],
      confirmed: '2026-11-01',
    });
    expect(office).toMatchObject({ id: 'test:legal-aid', unit: 'Tô Hiệu', addressPublic: true, note: null });
    expect(office?.hours).toEqual({ vi: 'Thứ 2-6, 7:30-17:00', en: 'Mon-Fri, 7:30-17:00' });
  });

  it('normalises names, dates, phones and languages as officers type them', () => {
    const r = parse(
      row({ unit: 'xa chieng lao', confirmed: '5/11/2026', phone: '0212.000.0003', languages: 'VI; Thai' }),
      row({ unit: '', former_district: 'huyen muong la', name_vi: 'Huyện', kind: 'health' }),
      row({ unit: '', name_vi: 'Tỉnh', kind: 'hotline', lat: '21,33', lon: '103,91' }),
    );
    expect(r.errors).toEqual([]);
    expect(r.services.map((s) => [s.id, s.unit, s.formerDistrict])).toEqual([
      ['legal_aid:chieng-lao:van-phong-thu', 'Chiềng Lao', 'Mường La'],
      ['health:muong-la:huyen', null, 'Mường La'],
      ['hotline:son-la:tinh', null, null],
    ]);
    expect(r.services[0]).toMatchObject({ confirmed: '2026-11-05', phone: '0212 000 0003' });
    expect(r.services[0]?.languages).toEqual(['vi', 'thai']);
    expect(r.services[2]).toMatchObject({ lat: 21.33, lon: 103.91 });
  });

  it('reports every bad row as "line N: column: message" with the file\'s line numbers', () => {
    const r = parse(
      row(), // line 2 is fine
      row({ kind: 'spa', name_vi: 'A' }), // 3
      row({ name_en: '', name_vi: 'B' }), // 4
      row({ kind: 'shelter', address: 'Số 9', address_public: 'yes', name_vi: 'C' }), // 5
      row({ unit: 'Hua Trai', name_vi: 'D' }), // 6
      row({ unit: 'Hà Nội', name_vi: 'E' }), // 7
      row({ confirmed: '2026-13-01', name_vi: 'F' }), // 8
      row({ confirmed: '2027-01-01', name_vi: 'G' }), // 9
      row({ lat: '21.5', name_vi: 'H' }), // 10
      row({ phone: 'gọi xã', name_vi: 'I' }), // 11
      row({ hours_vi: '24/7', name_vi: 'J' }), // 12
      row(), // 13: same id as line 2
      row({ id: 'sos:113', name_vi: 'K' }), // 14
      row({ former_district: 'Mai Sơn', name_vi: 'L' }), // 15
      row({ lat: '104.02', lon: '21.52', name_vi: 'M' }), // 16
      'too,few,fields', // 17
      row({ address_public: 'có', name_vi: 'N' }), // 18
      row({ lat: '30', lon: '104', name_vi: 'O' }), // 19
    );
    expect(r.errors).toEqual([
      `line 3: kind: "spa" is not one of ${serviceKindSchema.options.join(', ')}`,
      'line 4: name_en: must not be empty',
      "line 5: address_public: a shelter's address is never shown; write no",
      'line 6: unit: "Hua Trai" is a former commune, now part of "Chiềng Lao": write "Chiềng Lao"',
      'line 7: unit: "Hà Nội" is not a commune or ward of Sơn La since 1/7/2025',
      'line 8: confirmed: "2026-13-01" is not a date: write YYYY-MM-DD, e.g. 2026-11-29',
      'line 9: confirmed: 2027-01-01 is in the future',
      'line 10: lon: lat and lon go together',
      'line 11: phone: "gọi xã" is not a phone number: digits and spaces only, 3 to 12 digits',
      'line 12: hours_en: missing translation (hours_vi and hours_en go together)',
      'line 13: id: "legal_aid:chieng-lao:van-phong-thu" is already used on line 2',
      'line 14: id: "sos:113" is shipped with Hoa Ban; change it with import content',
      'line 15: former_district: Chiềng Lao belongs to Mường La, not Mai Sơn',
      'line 16: lat: lat and lon look swapped (in Sơn La lat is about 21, lon 104)',
      `line 17: expected ${COLUMN_NAMES.length} fields as in the header, found 3`,
      'line 18: address_public: "có" must be yes or no',
      'line 19: lat: 30 is outside Viet Nam (8 to 24)',
    ]);
    expect(r.services.map((s) => s.name.vi)).toEqual(['Văn phòng thử']);
  });

  it('counts lines of quoted cells that span lines, and blank lines', () => {
    const r = parse(row({ note_vi: 'dòng một\ndòng hai', note_en: 'one\ntwo' }), '', row({ kind: 'x' }));
    // Header 1; the first row spans lines 2-4 (two cells with a line break each); 5 is blank.
    expect(r.errors).toEqual([`line 6: kind: "x" is not one of ${serviceKindSchema.options.join(', ')}`]);
  });

  it('checks the header: unknown, missing and repeated columns', () => {
    const r = parseDirectoryCsv('kind,name_vi,nam_en,source,source\nhotline,A,B,s,s\n', ctx);
    expect(r.errors).toEqual([
      'line 1: unknown column "nam_en"',
      'line 1: missing column "name_en"',
      'line 1: missing column "confirmed"',
      'line 1: column "source" appears twice',
    ]);
    expect(parseDirectoryCsv('', ctx).errors).toEqual(['line 1: the file is empty']);
    expect(parseDirectoryCsv(`${HEADER}\n`, ctx).errors).toEqual(['line 2: no rows after the header']);
  });

  it('reads a semicolon-separated file with a byte-order mark, as spreadsheets save it', () => {
    const text =
      '\uFEFFkind;name_vi;name_en;unit;source;confirmed;languages\nhealth;Trạm;Station;Mường Bú;s;2026-11-01;vi,thai\n';
    const r = parseDirectoryCsv(text, ctx);
    expect(r.errors).toEqual([]);
    expect(r.services[0]).toMatchObject({ kind: 'health', unit: 'Mường Bú', languages: ['vi', 'thai'] });
  });

  it('reports a broken quote with its line and keeps nothing', () => {
    const r = parse(row(), 'hotline,"A,B');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^line 3: .*[Qq]uote/);
  });

  it('imports an entry confirmed long ago but warns that residents will not see it', () => {
    const r = parse(row({ confirmed: '2025-01-15' }));
    expect(r.errors).toEqual([]);
    expect(r.services).toHaveLength(1);
    expect(r.warnings).toEqual([
      'line 2: confirmed 2025-01-15 is more than 12 months ago: imported but hidden from residents until re-confirmed',
    ]);
  });

  it('documents every column it accepts', () => {
    const doc = describeColumns();
    for (const c of COLUMN_NAMES) expect(doc).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
});

describe('planDirectoryImport', () => {
  const incoming = parseDirectoryCsv(FIXTURE, ctx).services;
  const opts = { shippedIds: ctx.shippedIds, today: ctx.today };

  it('counts additions, updates and, with replace, removals that spare the shipped entries', () => {
    const officer = { ...(incoming[1] as (typeof incoming)[number]), id: 'test:gone' };
    const current = {
      ...seed,
      services: [...seed.services, incoming[0] as (typeof incoming)[number], officer],
    };
    const upsert = planDirectoryImport(current, incoming, { ...opts, replace: false });
    expect(upsert).toMatchObject({ added: 1, updated: 1, removed: 0 });
    expect(upsert.check.errors).toEqual([]);
    expect(planDirectoryImport(current, incoming, { ...opts, replace: true })).toMatchObject({
      added: 1,
      updated: 1,
      removed: 1,
    });
  });

  it('checks the content the import would leave', () => {
    const outside = { ...(incoming[0] as (typeof incoming)[number]), unit: 'Hà Nội' };
    const plan = planDirectoryImport(seed, [outside], { ...opts, replace: false });
    expect(plan.check.errors).toEqual([
      `service ${outside.id}: unit "Hà Nội" is not a Sơn La commune or ward`,
    ]);
  });
});
