/**
 * Content model shared by the seed files, the database rows and the conversation core.
 * Everything here is plain data so the core stays pure and testable.
 */

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** Law codes from docs/SOURCES.md; a citation with any other code is a content error. */
export const LAW_CODES = [
  'BDG2006',
  'PCBLGD2022',
  'ND76',
  'ND125',
  'ND282',
  'BLLD2019',
  'BHXH2024',
  'HNGD2014',
  'BLHS',
  'ND117',
  'ND82',
  'TE2016',
  'DS2025',
  'QD1790',
] as const;
export type LawCode = (typeof LAW_CODES)[number];

export interface Citation {
  law: LawCode;
  article: string;
  clause?: string;
}

export type Localized<T = string> = Record<Locale, T>;

/**
 * One node of the FAQ tree. A node with children is a topic (menu); a node with an answer is a
 * leaf. A node may be both (a topic with a short overview).
 */
export interface FaqNode {
  id: string;
  parent: string | null;
  /** Sort order among siblings. */
  order: number;
  title: Localized;
  /** Plain-words answer; absent on pure topic nodes. */
  answer?: Localized;
  citations: Citation[];
  /** Extra words residents use for this question, per locale (synonyms, everyday phrasing). */
  keywords: Localized<string[]>;
  /** Field of the province plan (politics, economy, labour, education, health, science, culture, family, violence). */
  field?: string;
  sourceUrl?: string;
  reviewed: string; // YYYY-MM-DD
  reviewBy: string; // YYYY-MM-DD
}

export type ServiceKind =
  | 'emergency'
  | 'hotline'
  | 'police'
  | 'trusted_address'
  | 'shelter'
  | 'social_work'
  | 'health'
  | 'legal_aid'
  | 'womens_union'
  | 'commune_authority';

/** A place or number people can be referred to. unit = null means province-wide or national. */
export interface Service {
  id: string;
  kind: ServiceKind;
  name: Localized;
  /** Unit (commune/ward) name after 1/7/2025, or null for national/province-wide services. */
  unit: string | null;
  formerDistrict: string | null;
  phone: string | null;
  hours: Localized | null;
  /** Street address; shown only when addressPublic is true (shelters never). */
  address: string | null;
  addressPublic: boolean;
  lat: number | null;
  lon: number | null;
  /** Short note for residents (what they do there), per locale. */
  note: Localized | null;
  languages: string[];
  source: string;
  confirmed: string; // YYYY-MM-DD
}

export interface Unit {
  /** Name after 1/7/2025, e.g. "Chiềng Lao". Unique in the province. */
  name: string;
  kind: 'commune' | 'ward';
  formerDistrict: string;
  /** Former communes/wards/townships merged into it. */
  mergedFrom: string[];
}

/** How a user's typed place name matched a unit. */
export interface UnitMatch {
  unit: Unit;
  /** Which name matched: the unit itself, a merged former unit, or (for districts) none. */
  via: 'name' | 'merged';
  matchedName: string;
}

export interface FaqHit {
  node: FaqNode;
  score: number;
}

export type EmergencyKind =
  | 'violence_now'
  | 'threat_to_kill'
  | 'weapon'
  | 'strangling'
  | 'confined'
  | 'pregnant'
  | 'child'
  | 'followed'
  | 'no_safe_place'
  | 'trafficking'
  | 'sexual_violence'
  | 'suicide'
  | 'general';

/**
 * The loaded, searchable content the conversation core reads. Built once from the database (or
 * the seed files) and rebuilt when officers edit content; lookups are pure and synchronous.
 */
export interface ContentIndex {
  faq: {
    get(id: string): FaqNode | undefined;
    /** Children of a node (null = top-level topics), sorted by order. */
    children(parent: string | null): FaqNode[];
    /** Best matches first; only hits above the confidence threshold. */
    search(text: string, locale: Locale, limit?: number): FaqHit[];
    all(): FaqNode[];
  };
  units: {
    all(): Unit[];
    formerDistricts(): string[];
    /**
     * Commune/ward names found in the text (a bare name or a sentence such as "tôi ở xa chieng lao"),
     * by the unit's own name or a merged former unit's name, diacritics and prefixes (xã, phường,
     * thị trấn) optional. Exact own-name matches first; several results mean the text is ambiguous
     * (e.g. former "Chiềng Chung" exists in two former districts). Empty when nothing matches.
     */
    matchUnits(text: string): UnitMatch[];
    /** The unit with exactly this (new) name. */
    get(name: string): Unit | undefined;
    /** Finds a former district named in the text ("Mường La", "huyen muong la", "TP Sơn La"). */
    findFormerDistrict(text: string): string | undefined;
    /** Units of one former district. */
    unitsOf(formerDistrict: string): Unit[];
  };
  directory: {
    /** Services for a unit: the unit's own, then its former district's, then province/national. */
    forUnit(unit: string): Service[];
    /** Province-wide and national services (hotlines, emergency numbers). */
    national(): Service[];
    /**
     * Nearest places whose location is public (locationPublic), nearest first; shelters, trusted
     * addresses and non-public addresses never take part, so a shared position learns nothing of them.
     */
    nearest(lat: number, lon: number, limit?: number): Array<{ service: Service; km: number }>;
    all(): Service[];
  };
  /** Emergency detector: undefined when the text shows no danger. */
  detectEmergency(text: string): { kinds: EmergencyKind[] } | undefined;
}
