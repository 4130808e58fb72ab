/**
 * A small hand-written ContentIndex for edge cases the seed content may not have (a confidential
 * shelter address, an empty directory near a location); it follows the ContentIndex contract.
 */

import { fold, hasPhrase } from '../../src/bot/conversation/text.ts';
import type {
  ContentIndex,
  EmergencyKind,
  FaqNode,
  Service,
  Unit,
  UnitMatch,
} from '../../src/content/types.ts';

const day = { reviewed: '2025-12-01', reviewBy: '2026-12-01' };
const noKw = { vi: [], en: [] };

/** FAQ nodes: one topic with two leaves and one top-level leaf. */
export const FIXTURE_FAQ: FaqNode[] = [
  {
    id: 'labour',
    parent: null,
    order: 1,
    title: { vi: 'Lao động nữ', en: 'Women workers' },
    citations: [],
    keywords: noKw,
    ...day,
  },
  {
    id: 'maternity-leave',
    parent: 'labour',
    order: 1,
    title: { vi: 'Nghỉ thai sản bao lâu?', en: 'How long is maternity leave?' },
    answer: { vi: 'Lao động nữ được nghỉ 6 tháng trước và sau khi sinh.', en: 'Women workers get 6 months.' },
    citations: [{ law: 'BLLD2019', article: '139' }],
    keywords: { vi: ['thai san', 'nghi sinh'], en: ['maternity'] },
    ...day,
  },
  {
    id: 'equal-pay',
    parent: 'labour',
    order: 2,
    title: { vi: 'Nam nữ có được trả lương như nhau?', en: 'Equal pay?' },
    answer: { vi: 'Nam và nữ được trả lương ngang nhau.', en: 'Men and women get equal pay.' },
    citations: [{ law: 'BDG2006', article: '13', clause: '2' }],
    keywords: { vi: ['luong', 'tra luong'], en: ['pay', 'salary'] },
    ...day,
  },
];

/** Units: one merged former name in two places (ambiguous), and a unit named like its district. */
export const FIXTURE_UNITS: Unit[] = [
  { name: 'Chiềng Lao', kind: 'commune', formerDistrict: 'Mường La', mergedFrom: ['Nậm Giôn', 'Hua Trai'] },
  { name: 'Mường La', kind: 'commune', formerDistrict: 'Mường La', mergedFrom: ['Ít Ong', 'Nặm Păm'] },
  { name: 'Đoàn Kết', kind: 'commune', formerDistrict: 'Mộc Châu', mergedFrom: ['Chiềng Chung'] },
  { name: 'Mường Chanh', kind: 'commune', formerDistrict: 'Mai Sơn', mergedFrom: ['Chiềng Chung'] },
  { name: 'Tô Hiệu', kind: 'ward', formerDistrict: 'TP Sơn La', mergedFrom: ['Quyết Thắng'] },
];

function service(p: Partial<Service> & Pick<Service, 'id' | 'kind' | 'name'>): Service {
  return {
    unit: null,
    formerDistrict: null,
    phone: null,
    hours: null,
    address: null,
    addressPublic: false,
    lat: null,
    lon: null,
    note: null,
    languages: ['vi'],
    source: 'test',
    confirmed: '2025-12-01',
    ...p,
  };
}

/** The confidential address the tests look for in every reply. */
export const SECRET_ADDRESS = 'Số 7 ngõ Hoa Mai, bản Nà Bó';

/** Services: national numbers, a commune authority with a public address and a confidential shelter. */
export const FIXTURE_SERVICES: Service[] = [
  service({ id: 'police', kind: 'emergency', name: { vi: 'Công an', en: 'Police' }, phone: '113' }),
  service({ id: 'child', kind: 'hotline', name: { vi: 'Tổng đài 111', en: '111 hotline' }, phone: '111' }),
  service({
    id: 'ubnd-chieng-lao',
    kind: 'commune_authority',
    name: { vi: 'UBND xã Chiềng Lao', en: 'Chiềng Lao People’s Committee' },
    unit: 'Chiềng Lao',
    formerDistrict: 'Mường La',
    address: 'Trung tâm xã Chiềng Lao',
    addressPublic: true,
    lat: 21.5,
    lon: 103.9,
  }),
  service({
    id: 'shelter-chieng-lao',
    kind: 'shelter',
    name: { vi: 'Địa chỉ tin cậy Chiềng Lao', en: 'Chiềng Lao trusted address' },
    unit: 'Chiềng Lao',
    formerDistrict: 'Mường La',
    phone: '0212 000 0000',
    address: SECRET_ADDRESS,
    addressPublic: false,
    lat: 21.51,
    lon: 103.91,
  }),
];

const EMERGENCY: Array<[string, EmergencyKind]> = [
  ['danh toi', 'violence_now'],
  ['dang danh', 'violence_now'],
  ['giet', 'threat_to_kill'],
  ['bop co', 'strangling'],
  ['tu tu', 'suicide'],
  ['muon chet', 'suicide'],
  ['con toi', 'child'],
  ['bi ban', 'trafficking'],
  ['khong co cho o', 'no_safe_place'],
  ['hitting me', 'violence_now'],
];

/** Builds a ContentIndex over the given data with simple, contract-following lookups. */
export function fixtureContent(
  faq: FaqNode[] = FIXTURE_FAQ,
  units: Unit[] = FIXTURE_UNITS,
  services: Service[] = FIXTURE_SERVICES,
): ContentIndex {
  const districts = [...new Set(units.map((u) => u.formerDistrict))];
  return {
    faq: {
      get: (id) => faq.find((n) => n.id === id),
      children: (parent) => faq.filter((n) => n.parent === parent).sort((a, b) => a.order - b.order),
      all: () => faq,
      search: (text, locale, limit = 5) =>
        faq
          .filter((n) => n.answer)
          .map((n) => ({
            node: n,
            score: n.keywords[locale].filter((k) => hasPhrase(fold(text), fold(k))).length,
          }))
          .filter((h) => h.score > 0)
          .sort((a, b) => b.score - a.score)
          .slice(0, limit),
    },
    units: {
      all: () => units,
      formerDistricts: () => districts,
      get: (name) => units.find((u) => u.name === name),
      unitsOf: (d) => units.filter((u) => u.formerDistrict === d),
      findFormerDistrict: (text) => districts.find((d) => hasPhrase(fold(text), fold(d))),
      matchUnits: (text) => {
        const f = fold(text);
        const own: UnitMatch[] = units
          .filter((u) => hasPhrase(f, fold(u.name)))
          .map((u) => ({ unit: u, via: 'name', matchedName: u.name }));
        const merged: UnitMatch[] = units.flatMap((u) =>
          u.mergedFrom
            .filter((m) => hasPhrase(f, fold(m)))
            .map((m) => ({ unit: u, via: 'merged' as const, matchedName: m })),
        );
        return [...own, ...merged];
      },
    },
    directory: {
      all: () => services,
      national: () => services.filter((s) => s.unit === null && s.formerDistrict === null),
      forUnit: (unit) => {
        const u = units.find((x) => x.name === unit);
        const own = services.filter((s) => s.unit === unit);
        const district = services.filter((s) => s.unit === null && s.formerDistrict === u?.formerDistrict);
        return [...own, ...district, ...services.filter((s) => s.unit === null && s.formerDistrict === null)];
      },
      nearest: (lat, lon, limit = 5) =>
        services
          .filter((s) => s.lat !== null && s.lon !== null)
          .map((s) => ({ service: s, km: Math.hypot((s.lat ?? 0) - lat, (s.lon ?? 0) - lon) * 111 }))
          .filter((n) => n.km < 50)
          .sort((a, b) => a.km - b.km)
          .slice(0, limit),
    },
    detectEmergency: (text) => {
      const f = fold(text);
      const kinds = [...new Set(EMERGENCY.filter(([w]) => hasPhrase(f, w)).map(([, k]) => k))];
      return kinds.length > 0 ? { kinds } : undefined;
    },
  };
}
