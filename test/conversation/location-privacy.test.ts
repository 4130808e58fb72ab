/**
 * A shared location never tells anything about where a confidential place is. Shelters, trusted
 * addresses and places whose address is not public are given by commune, with their phone, and
 * never measured, ranked or picked by the shared position: otherwise anyone can share made-up
 * positions and walk to the spot from the "(about N km)" label (a grid then four binary searches on
 * the "< 1 km" edge found a shelter to within centimetres in 124 messages). Public places keep their
 * distance and order.
 */
import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound, SessionState } from '../../src/bot/types.ts';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import type { ContentIndex, Locale, Service } from '../../src/content/types.ts';
import { directoryEntry } from '../support/directory-entry.ts';
import { i18n, NOW } from './harness.ts';

const seed = loadSeedContent();
const UNIT = 'Chiềng Lao';
const SHELTER_AT = { lat: 21.5234, lon: 104.0217 };
const SHELTER_NAME = 'Nhà tạm lánh bí mật';
const SHELTER_PHONE = '0212 000 0101';

const shelter = (at: { lat: number; lon: number } | null): Service =>
  directoryEntry({
    id: 'shelter:chieng-lao:bi-mat',
    kind: 'shelter',
    name: { vi: SHELTER_NAME, en: 'Secret shelter' },
    unit: UNIT,
    formerDistrict: 'Mường La',
    phone: SHELTER_PHONE,
    address: 'Ngõ bí mật 12',
    addressPublic: false,
    lat: at?.lat ?? null,
    lon: at?.lon ?? null,
    confirmed: '2026-03-01',
  });

/** A public legal-aid office and police post in the commune, with public addresses. */
const PUBLIC_PLACES: Service[] = [
  directoryEntry({
    id: 'legal:chieng-lao',
    kind: 'legal_aid',
    name: { vi: 'Trợ giúp pháp lý Chiềng Lao', en: 'Chiềng Lao legal aid' },
    unit: UNIT,
    formerDistrict: 'Mường La',
    phone: '0212 000 0202',
    address: 'Số 5 đường Công Khai',
    addressPublic: true,
    lat: 21.54,
    lon: 104.0,
    confirmed: '2026-03-01',
  }),
  directoryEntry({
    id: 'police:chieng-lao:tram',
    kind: 'police',
    name: { vi: 'Trạm công an bản Thử', en: 'Bản Thử police post' },
    unit: UNIT,
    formerDistrict: 'Mường La',
    phone: '0212 000 0303',
    address: 'Bản Thử',
    addressPublic: true,
    lat: 21.58,
    lon: 104.05,
    confirmed: '2026-03-01',
  }),
];

const build = (services: Service[]): ContentIndex =>
  buildContentIndex({ ...seed, services: [...services, ...seed.services] }, { today: NOW });

/** Everything a resident gets back for one shared position: the replies, what changes, what is counted. */
function answer(
  content: ContentIndex,
  at: { lat: number; lon: number },
  locale: Locale = 'vi',
  session: SessionState = {},
): string {
  const inbound: Inbound = { channel: 'webchat', chatId: 'c1', kind: 'location', ...at };
  const r = handleTurn(
    { content, i18n, now: NOW },
    { session: { locale, ...session }, subscriber: null },
    inbound,
  );
  return JSON.stringify({ replies: r.replies, session: r.session, effects: r.effects });
}

/** `km` kilometres from `from` towards `deg` degrees (0 north, 90 east). */
function offset(from: { lat: number; lon: number }, km: number, deg: number) {
  const rad = (deg * Math.PI) / 180;
  const dLat = (km * Math.cos(rad)) / 111.32;
  const dLon = (km * Math.sin(rad)) / (111.32 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: from.lat + dLat, lon: from.lon + dLon };
}

const RINGS_KM = [0, 0.2, 0.5, 0.9, 0.99, 1, 1.01, 1.5, 2, 3, 5, 7, 10];
const BEARINGS = [0, 45, 90, 135, 180, 225, 270, 315];
const GRID = RINGS_KM.flatMap((km) => BEARINGS.map((deg) => offset(SHELTER_AT, km, deg)));

/** The line of a reply naming the shelter, or undefined when the shelter is not listed. */
const shelterLine = (said: string) =>
  (JSON.parse(said) as { replies: Array<{ text: string }> }).replies
    .flatMap((r) => r.text.split('\n'))
    .find((l) => l.includes(SHELTER_NAME) || l.includes('Secret shelter'));

describe('a shared location around a confidential shelter', () => {
  const withShelter = build([shelter(SHELTER_AT)]);

  for (const locale of ['vi', 'en'] as Locale[]) {
    it(`gets the same answer at every point from 0 to 10 km, with no distance [${locale}]`, () => {
      const said = GRID.map((p) => answer(withShelter, p, locale));
      expect(new Set(said).size).toBe(1);
      expect(said[0]).not.toMatch(/khoảng|about [<\d]|\bkm\b/);
    });

    it(`with the commune known, offers the shelter's phone at every point, never a distance [${locale}]`, () => {
      const said = GRID.map((p) => answer(withShelter, p, locale, { unit: UNIT }));
      expect(new Set(said).size).toBe(1);
      const line = shelterLine(said[0] as string);
      expect(line).toContain(SHELTER_PHONE);
      expect(line).not.toMatch(/km/);
      expect(said[0]).toContain(locale === 'vi' ? 'Địa chỉ được cung cấp qua điện thoại' : 'given by phone');
    });
  }

  it('with public places nearby, the answer depends on them only: moving the shelter changes nothing', () => {
    const here = build([shelter(SHELTER_AT), ...PUBLIC_PLACES]);
    const elsewhere = build([shelter({ lat: 21.3, lon: 103.9 }), ...PUBLIC_PLACES]);
    const nowhere = build([shelter(null), ...PUBLIC_PLACES]);
    for (const p of GRID) {
      const said = answer(here, p);
      expect(said).toBe(answer(elsewhere, p));
      expect(said).toBe(answer(nowhere, p));
      // Still offered by commune, with the phone and no distance; where no public place is close
      // enough to tell the commune, the resident is asked for it instead.
      const line = shelterLine(said);
      if (line) expect(line).toContain(SHELTER_PHONE);
      else expect(said).toContain('được giữ kín');
      expect(line ?? '').not.toMatch(/km/);
    }
  });

  it('a shelter with no public place near and no commune known: hotlines, then the commune is asked', () => {
    const said = answer(withShelter, SHELTER_AT);
    expect(shelterLine(said)).toBeUndefined();
    expect(said).toContain('113');
    expect(said).toContain('1900 969 680');
    expect(said).toContain('được giữ kín');
    expect(JSON.parse(said).session).toMatchObject({ awaiting: 'unit_for_directory' });
    // Naming the commune then lists the shelter with its phone.
    const r = handleTurn(
      { content: withShelter, i18n, now: NOW },
      { session: JSON.parse(said).session, subscriber: null },
      { channel: 'webchat', chatId: 'c1', kind: 'text', text: 'chieng lao' },
    );
    expect(r.replies.map((x) => x.text).join('\n')).toContain(SHELTER_NAME);
  });

  it('the attack that walked to the shelter from its "< 1 km" edge learns nothing', () => {
    const content = build([shelter(SHELTER_AT), ...PUBLIC_PLACES]);
    let requests = 0;
    /** The distance the attacker reads for the shelter: 0 for "< 1", undefined when none is shown. */
    const km = (lat: number, lon: number): number | undefined => {
      requests++;
      const line = shelterLine(answer(content, { lat, lon }));
      const m = line ? /(?:khoảng|about) (< 1|\d+) km/.exec(line) : null;
      return m ? (m[1] === '< 1' ? 0 : Number(m[1])) : undefined;
    };
    const start = { lat: SHELTER_AT.lat + 0.02, lon: SHELTER_AT.lon - 0.02 };
    const readings = new Set<number | undefined>([km(start.lat, start.lon)]);
    let inside: { lat: number; lon: number } | undefined;
    for (let i = -6; i <= 6 && !inside; i++) {
      for (let j = -6; j <= 6 && !inside; j++) {
        const p = { lat: start.lat + i * 0.006, lon: start.lon + j * 0.006 };
        const read = km(p.lat, p.lon);
        readings.add(read);
        if (read === 0) inside = p;
      }
    }
    // No point of the grid is "< 1 km", and no reading ever differs: there is no edge to search.
    expect(inside).toBeUndefined();
    expect([...readings]).toEqual([undefined]);
    // Even searching the edge from the shelter itself stops at the end of the range, not at the spot.
    const edge = (dLat: number, dLon: number) => {
      let lo = 0;
      let hi = 0.05;
      for (let k = 0; k < 22; k++) {
        const mid = (lo + hi) / 2;
        if (km(SHELTER_AT.lat + dLat * mid, SHELTER_AT.lon + dLon * mid) === 0) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    expect([edge(0, 1), edge(0, -1), edge(1, 0), edge(-1, 0)]).toEqual([0, 0, 0, 0]);
    expect(requests).toBeGreaterThan(100);
  });
});

describe('public places still come with their distance and in order', () => {
  const content = build([shelter(SHELTER_AT), ...PUBLIC_PLACES]);

  it('nearest ranks the public ones only, nearest first', () => {
    const near = content.directory.nearest(21.541, 104.001, 10);
    expect(near.map((n) => n.service.id)).toEqual(['legal:chieng-lao', 'police:chieng-lao:tram']);
    expect(near[0]?.km).toBeLessThan(1);
    expect(near[1]?.km).toBeGreaterThan(5);
    expect(
      content.directory.nearest(SHELTER_AT.lat, SHELTER_AT.lon, 10).map((n) => n.service.id),
    ).not.toContain('shelter:chieng-lao:bi-mat');
  });

  it('the reply lists them with their distance and address, then the commune with the shelter', () => {
    const said = answer(content, { lat: 21.541, lon: 104.001 });
    const text = (JSON.parse(said) as { replies: Array<{ text: string }> }).replies[0]?.text ?? '';
    expect(text).toMatch(/Trợ giúp pháp lý Chiềng Lao: 0212 000 0202 \(khoảng < 1 km\)/);
    expect(text).toMatch(/Trạm công an bản Thử: 0212 000 0303 \(khoảng \d+ km\)/);
    expect(text).toContain('Số 5 đường Công Khai');
    expect(text.indexOf('Trợ giúp pháp lý')).toBeLessThan(text.indexOf('Trạm công an'));
    expect(text.indexOf('Trạm công an')).toBeLessThan(text.indexOf(SHELTER_NAME));
    expect(text).toContain('Nơi hỗ trợ cho xã Chiềng Lao');
    expect(JSON.parse(said).session).toMatchObject({ unit: UNIT, awaiting: null });
    // The public places are not listed a second time in the commune's list.
    expect(text.split('Trợ giúp pháp lý Chiềng Lao').length).toBe(2);
  });
});
