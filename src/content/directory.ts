/** The referral directory: shipped services plus the report routes every commune/ward has by law. */
import { fold, slug } from './normalize.ts';
import type { Service, ServiceKind, Unit } from './types.ts';
import type { UnitLookup } from './units.ts';

/** Source of the report routes (PCBLGD 2022 Art 19: People's Committee, police, mass organisations). */
export const ROUTES_SOURCE =
  'https://luatvietnam.vn/tin-van-ban-moi/6-dia-chi-tiep-nhan-tin-bao-to-giac-bao-luc-gia-dinh-186-92525-article.html';
const ROUTES_CONFIRMED = '2026-11-29';

/** Kinds whose address is given by phone only: never shown to residents, whatever addressPublic says. */
export const CONFIDENTIAL_KINDS: ReadonlySet<ServiceKind> = new Set<ServiceKind>([
  'shelter',
  'trusted_address',
]);

/**
 * Whether residents may be told where an entry is (its address and its map position): only when it
 * is marked public AND it is not a shelter or trusted address, so the kind still locks the place if
 * the flag is ever wrong. The bots' one rule for it.
 */
export function locationPublic(s: Service): boolean {
  return s.addressPublic && !CONFIDENTIAL_KINDS.has(s.kind);
}

/** Entries not confirmed for this many months are hidden from residents and flagged to officers (issue 3). */
export const STALE_AFTER_MONTHS = 12;

/** The last confirmed date (YYYY-MM-DD) still fresh on `today`: the same day 12 months earlier, in UTC. */
export function staleCutoff(today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - STALE_AFTER_MONTHS, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(today.getUTCDate(), last));
  return d.toISOString().slice(0, 10);
}

/** True for a generated report route: it rests on the law (Art 19), not on a number, so it never goes stale. */
export function restsOnLaw(s: Service): boolean {
  return s.id.startsWith('route:') && s.source === ROUTES_SOURCE && s.phone === null;
}

/**
 * Services confirmed more than 12 months before `today` (generated routes excepted), for officers
 * to re-confirm or remove; residents never see them.
 */
export function staleServices(services: readonly Service[], today: Date): Service[] {
  const cutoff = staleCutoff(today);
  return services.filter((s) => s.confirmed < cutoff && !restsOnLaw(s));
}

const HOW_VI =
  'Có thể báo tin trực tiếp tại trụ sở, gọi điện, nhắn tin hoặc gửi thư; hỏi số điện thoại tại trụ sở.';
const HOW_EN =
  'You can report in person at the office, by phone, by text or by letter; ask at the office for its number.';

/**
 * The three Art 19 report routes of each unit, generated rather than stored 75 times; no phone or
 * address is verified, so none is given and residents are told how to reach them.
 */
export function generatedServices(units: Unit[]): Service[] {
  return units.flatMap((u) => {
    const viKind = u.kind === 'ward' ? 'phường' : 'xã';
    const enKind = u.kind === 'ward' ? 'ward' : 'commune';
    const base = {
      unit: u.name,
      formerDistrict: u.formerDistrict,
      phone: null,
      hours: null,
      address: null,
      addressPublic: false,
      lat: null,
      lon: null,
      languages: ['vi'],
      source: ROUTES_SOURCE,
      confirmed: ROUTES_CONFIRMED,
    };
    const s = slug(u.name);
    const route = (kind: ServiceKind, vi: string, en: string, noteVi: string, noteEn: string): Service => ({
      id: `route:${kind}:${s}`,
      kind,
      name: { vi, en },
      note: { vi: `${noteVi} ${HOW_VI}`, en: `${noteEn} ${HOW_EN}` },
      ...base,
    });
    return [
      route(
        'police',
        `Công an ${viKind} ${u.name}`,
        `${u.name} ${enKind} police`,
        'Nhận tin báo bạo lực gia đình; có thể triệu tập người gây bạo lực. Khẩn cấp: gọi 113.',
        'Takes domestic-violence reports and can summon the abuser. In an emergency call 113.',
      ),
      route(
        'commune_authority',
        `UBND ${viKind} ${u.name}`,
        `${u.name} ${enKind} People's Committee`,
        'Nhận tin báo bạo lực gia đình; Chủ tịch có thể ra quyết định cấm tiếp xúc và bố trí nơi tạm lánh.',
        'Takes domestic-violence reports; the chair can issue a no-contact order and arrange a safe place.',
      ),
      route(
        'womens_union',
        `Hội Liên hiệp Phụ nữ ${viKind} ${u.name}`,
        `${u.name} ${enKind} Women's Union`,
        'Nhận tin báo, tư vấn và đi cùng chị tới các nơi hỗ trợ, kể cả địa chỉ tin cậy nếu có.',
        'Takes reports, gives advice and can go with you to support services, including trusted addresses.',
      ),
    ];
  });
}

/** Order of a unit's own services: places to stay first, then the report routes. */
const OWN_ORDER: ServiceKind[] = [
  'trusted_address',
  'shelter',
  'social_work',
  'police',
  'commune_authority',
  'womens_union',
  'health',
  'legal_aid',
  'hotline',
  'emergency',
];

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Directory lookups by unit, nationally and by distance. */
export class Directory {
  private readonly byUnit = new Map<string, Service[]>();
  private readonly byDistrict = new Map<string, Service[]>();
  private readonly nationwide: Service[];
  /** Places with coordinates whose location is public: the only ones a shared position is compared to. */
  private readonly located: Service[];

  constructor(
    private readonly services: Service[],
    private readonly units: UnitLookup,
  ) {
    for (const s of services) {
      if (s.unit !== null) push(this.byUnit, s.unit, s);
      else if (s.formerDistrict !== null) push(this.byDistrict, fold(s.formerDistrict), s);
    }
    for (const list of this.byUnit.values()) {
      list.sort((a, b) => OWN_ORDER.indexOf(a.kind) - OWN_ORDER.indexOf(b.kind));
    }
    this.nationwide = services.filter((s) => s.unit === null && s.formerDistrict === null);
    this.located = services.filter((s) => s.lat !== null && s.lon !== null && locationPublic(s));
  }

  /** The unit's own services, then its former district's, then national ones; unknown unit: national. */
  forUnit(unit: string): Service[] {
    const u = this.units.get(unit);
    if (!u) return this.national();
    return [
      ...(this.byUnit.get(u.name) ?? []),
      ...(this.byDistrict.get(fold(u.formerDistrict)) ?? []),
      ...this.nationwide,
    ];
  }

  /** Services with no unit and no former district: emergency numbers and national hotlines. */
  national(): Service[] {
    return [...this.nationwide];
  }

  /**
   * Nearest places whose location is public (locationPublic), nearest first, with the distance.
   * Shelters, trusted addresses and any place whose address is not public are never ranked, measured
   * or picked by a shared position: a distance, an order or even being listed would let anyone who
   * shares made-up positions find the spot. Residents reach those places through their commune
   * (forUnit), with the phone and no position.
   */
  nearest(lat: number, lon: number, limit = 3): Array<{ service: Service; km: number }> {
    return this.located
      .map((s) => ({ service: s, km: haversineKm(lat, lon, s.lat as number, s.lon as number) }))
      .sort((a, b) => a.km - b.km)
      .slice(0, Math.max(0, limit));
  }

  /** Every service, shipped and generated. */
  all(): Service[] {
    return [...this.services];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
