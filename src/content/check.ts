/**
 * Content check run before shipping and on `hoaban content check`: catches the mistakes that would
 * put a wrong law, an unverified phone number or stale advice in front of a resident.
 */
import { staleServices } from './directory.ts';
import { type FaqNode, LAW_CODES, LOCALES, type Service, type Unit } from './types.ts';

/** The only phone numbers verified in docs/SOURCES.md (113, 114, 115, 111, 112, Peace House), digits only. */
export const VERIFIED_NUMBERS = ['111', '112', '113', '114', '115', '1900969680'];

/**
 * Article numbers verified in docs/SOURCES.md per law; citing another article is a warning, since an
 * officer may have checked it since, but it must be looked at.
 */
export const VERIFIED_ARTICLES: Record<string, string[]> = {
  BDG2006: ['5', '6', '10', '11', '13', '15', '18', '40', '41'],
  PCBLGD2022: ['2', '3', '9', '11', '12', '19', '22', '24', '25', '26'],
  ND76: ['7', '18', '28'],
  ND125: ['6', '8', '9', '13'],
  ND282: ['39', '40', '44'],
  BLLD2019: ['3', '8', '37', '118', '122', '136', '137', '138', '139', '141', '142'],
  BHXH2024: [],
  HNGD2014: ['3', '5', '8', '14', '15', '16', '51', '56', '59', '69', '81', '82', '83', '84', '85'],
  BLHS: ['140', '150', '151', '181', '183', '185'],
  ND117: [],
  ND82: ['58'],
  TE2016: [],
  DS2025: [],
  QD1790: [],
};

/** Number of communes and wards Sơn La has had since 1/7/2025 (NQ 1681/NQ-UBTVQH15). */
export const UNIT_COUNT = 75;

/** What checkContent found: errors block shipping, warnings ask an officer to look. */
export interface CheckResult {
  errors: string[];
  warnings: string[];
  /** Services hidden from residents because nobody confirmed them for 12 months: flagged to officers. */
  stale: Array<{ id: string; confirmed: string }>;
  counts: { answers: number; byField: Record<string, number>; services: number; units: number };
}

/** Whose content is checked: Hoa Ban's shipped files, or officers' content in the database or an export. */
export interface CheckOptions {
  /**
   * Shipped content may only carry numbers verified in docs/SOURCES.md. Officers' entries carry their own
   * source and confirmed date, so their service phones are theirs to vouch for (FAQ texts never are).
   */
  shipped?: boolean;
}

const PHONE_PREFIX_SKIP =
  /(điều|dieu|khoản|khoan|điểm|article|art\.?|clause|chương|chuong|nghị định|nghi dinh|decree|luật|luat|law|năm|nam|year|số hiệu)\s*$/i;

/**
 * Phone-like numbers in a text: a lone 11x (emergency style) or 8+ digits with optional spaces,
 * dots or dashes starting with 0, 1 or +84. Amounts such as 30.000.000, years and article numbers
 * ("Điều 118") are not phone-like.
 */
export function phoneNumbersIn(text: string): string[] {
  const found: string[] = [];
  const re = /\+?\d[\d .-]*\d|\d/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0].replace(/[ .-]+$/, '');
    const at = m.index ?? 0;
    const before = text.slice(Math.max(0, at - 20), at);
    const after = text.charAt(at + m[0].length);
    if (after === '/' || before.endsWith('/')) continue; // 45/2019/QH14, dates
    const end = at + m[0].length;
    if (/\d,$/.test(before) || (after === ',' && /\d/.test(text.charAt(end + 1)))) continue; // 0,5
    const digits = raw.replace(/\D/g, '');
    if (/^\d{1,3}(\.\d{3})+$/.test(raw)) continue; // 30.000.000
    if (digits.length === 3 && /^11\d$/.test(digits) && raw === digits) {
      if (!PHONE_PREFIX_SKIP.test(before)) found.push(digits);
      continue;
    }
    if (digits.length >= 8 && /^(\+?84|0|1)/.test(raw)) found.push(digits);
  }
  return found;
}

function localizedMissing(value: Record<string, string> | undefined): string[] {
  return LOCALES.filter((l) => !value || typeof value[l] !== 'string' || value[l].trim() === '');
}

/** Checks the content and counts what there is; the content ships only with zero errors. */
export function checkContent(
  data: { faq: FaqNode[]; services: Service[]; units: Unit[] },
  today: Date,
  opts: CheckOptions = {},
): CheckResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const todayIso = today.toISOString().slice(0, 10);
  const verified = new Set(VERIFIED_NUMBERS);
  const checkPhones = (where: string, text: string | null | undefined) => {
    if (!text) return;
    for (const n of phoneNumbersIn(text)) {
      if (!verified.has(n)) errors.push(`${where}: phone number ${n} is not in the verified list`);
    }
  };

  const ids = new Set<string>();
  for (const n of data.faq) {
    if (ids.has(n.id)) errors.push(`faq ${n.id}: duplicate id`);
    ids.add(n.id);
  }
  const byField: Record<string, number> = {};
  let answers = 0;
  const parents = new Set(data.faq.map((n) => n.parent).filter((p): p is string => p !== null));
  for (const n of data.faq) {
    const where = `faq ${n.id}`;
    if (n.parent !== null && !ids.has(n.parent)) errors.push(`${where}: parent "${n.parent}" does not exist`);
    for (const l of localizedMissing(n.title)) errors.push(`${where}: title.${l} is missing or empty`);
    if (n.answer) {
      answers++;
      const field = n.field ?? '(none)';
      byField[field] = (byField[field] ?? 0) + 1;
      for (const l of localizedMissing(n.answer)) errors.push(`${where}: answer.${l} is missing or empty`);
      if (!n.citations.length) errors.push(`${where}: an answer needs at least one citation`);
      for (const l of LOCALES) checkPhones(`${where} answer.${l}`, n.answer[l]);
      if (n.answer.vi && n.answer.vi.length > 750)
        warnings.push(`${where}: answer.vi is long (${n.answer.vi.length})`);
    } else if (!parents.has(n.id)) {
      warnings.push(`${where}: neither an answer nor children`);
    }
    for (const l of LOCALES) checkPhones(`${where} title.${l}`, n.title[l]);
    for (const c of n.citations) {
      if (!(LAW_CODES as readonly string[]).includes(c.law)) {
        errors.push(`${where}: unknown law code "${c.law}"`);
      } else if (!VERIFIED_ARTICLES[c.law]?.includes(c.article)) {
        warnings.push(`${where}: ${c.law} article ${c.article} is not in the verified list`);
      }
    }
    if (n.reviewBy < todayIso) errors.push(`${where}: reviewBy ${n.reviewBy} is before ${todayIso}`);
    if (!n.keywords || LOCALES.some((l) => !Array.isArray(n.keywords[l]))) {
      errors.push(`${where}: keywords must list words for every locale`);
    }
  }

  const serviceIds = new Set<string>();
  for (const s of data.services) {
    const where = `service ${s.id}`;
    if (serviceIds.has(s.id)) errors.push(`${where}: duplicate id`);
    serviceIds.add(s.id);
    for (const l of localizedMissing(s.name)) errors.push(`${where}: name.${l} is missing or empty`);
    const vouched = !opts.shipped && Boolean(s.source?.trim()) && /^\d{4}-\d{2}-\d{2}$/.test(s.confirmed);
    if (s.phone !== null && !vouched && !verified.has(s.phone.replace(/\D/g, ''))) {
      errors.push(`${where}: phone ${s.phone} is not in the verified list`);
    }
    for (const l of LOCALES) {
      if (vouched) continue;
      checkPhones(`${where} name.${l}`, s.name?.[l]);
      checkPhones(`${where} note.${l}`, s.note?.[l]);
    }
    if (s.addressPublic && (s.kind === 'shelter' || s.kind === 'trusted_address')) {
      errors.push(`${where}: a ${s.kind} address must never be public`);
    }
    if (s.unit !== null && !data.units.some((u) => u.name === s.unit)) {
      errors.push(`${where}: unit "${s.unit}" is not a Sơn La commune or ward`);
    }
  }

  if (data.units.length !== UNIT_COUNT)
    errors.push(`units: expected ${UNIT_COUNT} units, found ${data.units.length}`);
  const unitNames = new Set<string>();
  for (const u of data.units) {
    if (unitNames.has(u.name)) errors.push(`unit ${u.name}: duplicate name`);
    unitNames.add(u.name);
  }

  const stale = staleServices(data.services, today).map((s) => ({ id: s.id, confirmed: s.confirmed }));

  return {
    errors,
    warnings,
    stale,
    counts: { answers, byField, services: data.services.length, units: data.units.length },
  };
}
