import { describe, expect, it } from 'vitest';
import { staleCutoff } from '../../src/content/directory.ts';
import {
  buildContentIndex,
  type ContentData,
  generatedServices,
  loadSeedContent,
  staleServices,
} from '../../src/content/index.ts';
import type { Service } from '../../src/content/types.ts';
import { directoryEntry } from '../support/directory-entry.ts';

const seed = loadSeedContent();
const TODAY = new Date('2026-11-30T03:00:00Z');
const build = (data: ContentData, today = TODAY) => buildContentIndex(data, { today });
const index = build(seed);

const svc = directoryEntry;

describe('directory', () => {
  it('ships only verified numbers, national ones first', () => {
    const phones = index.directory.national().map((s) => s.phone);
    expect(phones).toEqual(['113', '115', '114', '112', '111', '1900 969 680']);
    expect(index.directory.national().every((s) => s.unit === null && s.formerDistrict === null)).toBe(true);
  });

  it('generates the three report routes for all 75 units with deterministic ids', () => {
    const routes = generatedServices(seed.units);
    expect(routes).toHaveLength(75 * 3);
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    for (const u of seed.units) {
      const own = index.directory.forUnit(u.name).filter((s) => s.unit === u.name);
      expect(own.map((s) => s.kind)).toEqual(
        expect.arrayContaining(['police', 'commune_authority', 'womens_union']),
      );
    }
    const byId = new Map(index.directory.all().map((s) => [s.id, s]));
    expect(byId.get('route:police:chieng-lao')?.name.vi).toBe('Công an xã Chiềng Lao');
    expect(byId.get('route:commune_authority:to-hieu')?.name.vi).toBe('UBND phường Tô Hiệu');
    expect(byId.get('route:womens_union:muong-bu')?.name.vi).toBe('Hội Liên hiệp Phụ nữ xã Mường Bú');
    for (const r of routes) {
      expect(r).toMatchObject({ phone: null, address: null, addressPublic: false, lat: null, lon: null });
      expect(r.note?.vi).toMatch(/trực tiếp/);
    }
    expect(generatedServices(seed.units)).toEqual(routes);
  });

  it('orders forUnit: own (trusted address, routes), former district, national', () => {
    const extra = svc({ id: 'district:muong-la', formerDistrict: 'Mường La' });
    const other = svc({ id: 'district:mai-son', formerDistrict: 'Mai Sơn' });
    const ix = build({ ...seed, services: [...seed.services, extra, other] });
    const ids = ix.directory.forUnit('Chiềng Lao').map((s) => s.id);
    expect(ids.slice(0, 4)).toEqual([
      'trusted:chieng-lao:hua-trai',
      'route:police:chieng-lao',
      'route:commune_authority:chieng-lao',
      'route:womens_union:chieng-lao',
    ]);
    expect(ids[4]).toBe('district:muong-la');
    expect(ids.slice(5)).toEqual(ix.directory.national().map((s) => s.id));
    expect(ids).not.toContain('district:mai-son');
    expect(ix.directory.forUnit('Mường Bú')[0]?.id).toBe('trusted:muong-bu');
  });

  it('accepts a name without diacritics and falls back to national for unknown units', () => {
    expect(index.directory.forUnit('chieng lao')[0]?.id).toBe('trusted:chieng-lao:hua-trai');
    expect(index.directory.forUnit('Hà Nội')).toEqual(index.directory.national());
  });

  it('never publishes the address of shelters and trusted addresses', () => {
    const hidden = index.directory.all().filter((s) => s.kind === 'shelter' || s.kind === 'trusted_address');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    for (const s of hidden) expect(s.addressPublic).toBe(false);
    const peace = index.directory.all().find((s) => s.id === 'hotline:ngoi-nha-binh-yen');
    expect(peace).toMatchObject({ address: null, addressPublic: false });
  });

  it('lets a given service replace a generated route with the same id', () => {
    const custom = svc({
      id: 'route:police:chieng-lao',
      kind: 'police',
      unit: 'Chiềng Lao',
      name: { vi: 'X', en: 'X' },
    });
    const ix = build({ ...seed, services: [...seed.services, custom] });
    expect(ix.directory.all().filter((s) => s.id === custom.id)).toEqual([custom]);
  });

  // Only places whose location is public are ranked: a shelter ('b') or a non-public address ('d')
  // ranked by distance would tell anyone sharing made-up positions where it is.
  it('finds the nearest places whose location is public, never a confidential one', () => {
    expect(index.directory.nearest(21.33, 103.91)).toEqual([]);
    const services = [
      svc({ id: 'a', lat: 21.3256, lon: 103.9188, addressPublic: true, address: 'A' }), // Sơn La city
      svc({ id: 'b', lat: 21.5, lon: 104.0, kind: 'shelter' }),
      svc({ id: 'c', lat: 20.84, lon: 104.64, addressPublic: true, address: 'C' }), // Mộc Châu
      svc({ id: 'd', lat: 21.06, lon: 104.44 }),
      svc({ id: 'e' }),
    ];
    const ix = build({ ...seed, services });
    const near = ix.directory.nearest(21.33, 103.91);
    expect(near.map((n) => n.service.id)).toEqual(['a', 'c']);
    expect(near[0]?.km).toBeLessThan(2);
    expect(near[0]?.service.lat).toBe(21.3256);
    expect(ix.directory.nearest(21.33, 103.91, 1).map((n) => n.service.id)).toEqual(['a']);
    // Next to the shelter and the non-public place, they are still not there.
    expect(ix.directory.nearest(21.5, 104.0, 10).map((n) => n.service.id)).toEqual(['a', 'c']);
    expect(ix.directory.nearest(21.06, 104.44, 10).map((n) => n.service.id)).toEqual(['c', 'a']);
    // Sơn La city to Mộc Châu is roughly 90-100 km as the crow flies.
    const moc = ix.directory.nearest(21.33, 103.91, 10).find((n) => n.service.id === 'c');
    expect(moc?.km).toBeGreaterThan(80);
    expect(moc?.km).toBeLessThan(110);
  });

  it('judges staleness by the calendar: the same day 12 months back is still fresh', () => {
    expect(staleCutoff(new Date('2026-11-30T03:00:00Z'))).toBe('2025-11-30');
    expect(staleCutoff(new Date('2028-02-29T00:00:00Z'))).toBe('2027-02-28');
    expect(staleCutoff(new Date('2027-03-31T23:59:00Z'))).toBe('2026-03-31');
    const a = svc({ id: 'a', confirmed: '2025-11-30' });
    const b = svc({ id: 'b', confirmed: '2025-11-29' });
    expect(staleServices([a, b], TODAY).map((s) => s.id)).toEqual(['b']);
  });
});

describe('stale entries', () => {
  const old = '2025-10-01';
  const staleShelter = svc({
    id: 'shelter:old',
    kind: 'shelter',
    unit: 'Chiềng Lao',
    formerDistrict: 'Mường La',
    phone: '0212 000 0009',
    lat: 21.52,
    lon: 104.02,
    confirmed: old,
  });
  const staleDistrict = svc({ id: 'district:old', formerDistrict: 'Mường La', confirmed: old });
  const staleHotline = svc({ id: 'hotline:old', kind: 'hotline', phone: '1800 0000', confirmed: old });
  const staleRoute = svc({
    id: 'route:police:chieng-lao',
    kind: 'police',
    unit: 'Chiềng Lao',
    formerDistrict: 'Mường La',
    phone: '0212 000 0008',
    name: { vi: 'Công an xã (số cũ)', en: 'Commune police (old number)' },
    confirmed: old,
  });
  const services = [...seed.services, staleShelter, staleDistrict, staleHotline, staleRoute];
  const ix = build({ ...seed, services });
  const ids = (list: Service[]) => list.map((s) => s.id);

  it('are hidden from residents by unit, former district, nationally and by location', () => {
    const all = ids(ix.directory.all());
    for (const id of ['shelter:old', 'district:old', 'hotline:old']) expect(all).not.toContain(id);
    expect(ids(ix.directory.forUnit('Chiềng Lao'))).not.toContain('shelter:old');
    expect(ids(ix.directory.forUnit('Mường Bú'))).not.toContain('district:old');
    expect(ids(ix.directory.national())).not.toContain('hotline:old');
    expect(ix.directory.nearest(21.52, 104.02, 10)).toEqual([]);
  });

  it('come back when the same entries are judged a year earlier', () => {
    const then = build({ ...seed, services }, new Date('2025-12-01T00:00:00Z'));
    expect(ids(then.directory.forUnit('Chiềng Lao'))).toContain('shelter:old');
    expect(ids(then.directory.national())).toContain('hotline:old');
    // A shelter is never found by position (its location is confidential), only by its commune.
    expect(then.directory.nearest(21.52, 104.02)).toEqual([]);
  });

  it('a stale replacement of a report route falls back to the route the law gives', () => {
    const route = ix.directory.all().find((s) => s.id === 'route:police:chieng-lao');
    expect(route).toMatchObject({ phone: null, name: { vi: 'Công an xã Chiềng Lao' } });
  });

  it('the generated report routes never go stale, and are listed for officers', () => {
    const tenYears = new Date('2036-11-30T00:00:00Z');
    const later = build(seed, tenYears);
    expect(ids(later.directory.forUnit('Chiềng Lao'))).toEqual(
      expect.arrayContaining(['route:police:chieng-lao', 'route:womens_union:chieng-lao']),
    );
    expect(later.directory.national()).toEqual([]);
    expect(staleServices(generatedServices(seed.units), tenYears)).toEqual([]);
    expect(ids(staleServices(services, TODAY)).sort()).toEqual([
      'district:old',
      'hotline:old',
      'route:police:chieng-lao',
      'shelter:old',
    ]);
  });
});
