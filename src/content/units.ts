/**
 * Commune/ward and former-district lookup in free text. Residents still name the 12 former
 * districts and the 200 pre-2025 communes, often without diacritics, so names are folded once here.
 */
import { fold } from './normalize.ts';
import type { Unit, UnitMatch } from './types.ts';

interface Entry {
  unit: Unit;
  via: 'name' | 'merged';
  matchedName: string;
  /** Marks per syllable of the official name, to reject "có nơi" typed with marks for "Cò Nòi". */
  marks: string[];
}

interface Span {
  start: number;
  len: number;
  key: string;
}

const COMMUNE_PREFIX = ['xa', 'phuong', 'thi tran', 'tt'];
const DISTRICT_PREFIX = ['huyen', 'thanh pho', 'tp', 'thi xa', 'tx'];

/** Combining marks of a syllable, sorted, so "hòa" and "hoà" compare equal; "đ" counts as a mark. */
function marksOf(syllable: string): string {
  const nfd = syllable.normalize('NFD').toLowerCase();
  const marks = [...nfd].filter((c) => /[\u0300-\u036f]/.test(c));
  if (nfd.includes('đ')) marks.push('đ');
  return marks.sort().join('');
}

function syllables(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Strips "TT ", "xã ", "phường " and "(Mai Sơn)"-style notes from a former unit's name. */
function cleanName(name: string): string {
  return name
    .replace(/\s*\(.*?\)\s*/g, ' ')
    .replace(/^(tt|xã|phường|thị trấn)\s+/i, '')
    .trim();
}

/** Longest non-overlapping spans of `tokens` that are keys of `map`, in text order. */
function findSpans(tokens: string[], has: (key: string) => boolean, maxLen: number): Span[] {
  const all: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let len = Math.min(maxLen, tokens.length - i); len >= 1; len--) {
      const key = tokens.slice(i, i + len).join(' ');
      if (has(key)) all.push({ start: i, len, key });
    }
  }
  all.sort((a, b) => b.len - a.len || a.start - b.start);
  const taken = new Set<number>();
  const chosen: Span[] = [];
  for (const s of all) {
    const cells = Array.from({ length: s.len }, (_, k) => s.start + k);
    if (cells.some((c) => taken.has(c))) continue;
    for (const c of cells) taken.add(c);
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** The prefix word(s) just before a span: 'commune', 'district' or undefined. */
function prefixBefore(tokens: string[], start: number): 'commune' | 'district' | undefined {
  const two = tokens.slice(Math.max(0, start - 2), start).join(' ');
  const one = tokens[start - 1] ?? '';
  if (DISTRICT_PREFIX.includes(two) || DISTRICT_PREFIX.includes(one)) return 'district';
  if (COMMUNE_PREFIX.includes(two) || COMMUNE_PREFIX.includes(one)) return 'commune';
  return undefined;
}

/** Folded text split in words, plus the marked words at the same positions. */
function prepare(text: string): { tokens: string[]; marked: string[] } {
  const marked = syllables(text);
  return { tokens: marked.map((w) => fold(w)), marked };
}

/** A typed syllable with marks must carry the same marks as the name; unmarked typing always fits. */
function marksFit(typed: string[], expected: string[]): boolean {
  return typed.every((w, i) => {
    const m = marksOf(w);
    return m === '' || m === expected[i];
  });
}

/** Precomputed folded names of the 75 units, their merged former units and the former districts. */
export class UnitLookup {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byName = new Map<string, Unit>();
  private readonly byFolded = new Map<string, Unit>();
  private readonly districtKeys = new Map<
    string,
    { district: string; marks: string[]; needsPrefix: boolean }
  >();
  private readonly districts: string[];
  private readonly maxLen: number;

  constructor(private readonly units: Unit[]) {
    this.districts = [...new Set(units.map((u) => u.formerDistrict))];
    for (const unit of units) {
      this.byName.set(unit.name, unit);
      this.byFolded.set(fold(unit.name), unit);
      this.add(unit.name, { unit, via: 'name', matchedName: unit.name });
      for (const former of unit.mergedFrom) {
        const name = cleanName(former);
        const same = fold(name) === fold(unit.name);
        this.add(name, { unit, via: same ? 'name' : 'merged', matchedName: same ? unit.name : name });
      }
    }
    for (const district of this.districts) {
      const core = district.replace(/^(TP|TX)\s+/, '');
      // Bare "Sơn La" usually means the province, so the city needs "TP"/"thành phố" in front.
      const needsPrefix = district.startsWith('TP ');
      this.districtKeys.set(fold(core), { district, marks: syllables(core).map(marksOf), needsPrefix });
    }
    const lengths = [...this.byKey.keys(), ...this.districtKeys.keys()].map((k) => k.split(' ').length);
    this.maxLen = Math.max(1, ...lengths);
  }

  private add(name: string, entry: Omit<Entry, 'marks'>) {
    const key = fold(name);
    const list = this.byKey.get(key) ?? [];
    if (!list.some((e) => e.unit === entry.unit))
      list.push({ ...entry, marks: syllables(name).map(marksOf) });
    this.byKey.set(key, list);
  }

  /** All units in file order. */
  all(): Unit[] {
    return this.units;
  }

  /** Former district names in file order. */
  formerDistricts(): string[] {
    return this.districts;
  }

  /** The unit with exactly this new name, or (fallback) the same name typed without diacritics. */
  get(name: string): Unit | undefined {
    return this.byName.get(name) ?? this.byFolded.get(fold(name));
  }

  /** Units of one former district (name as in the data, e.g. "TP Sơn La"). */
  unitsOf(formerDistrict: string): Unit[] {
    const key = fold(formerDistrict);
    return this.units.filter((u) => fold(u.formerDistrict) === key);
  }

  /**
   * Units named in a text; own-name matches first, then merged former units, each in text order.
   * A name right after "huyện"/"TP"/"thị xã" is read as the former district and skipped here.
   */
  matchUnits(text: string): UnitMatch[] {
    const { tokens, marked } = prepare(text);
    const spans = findSpans(tokens, (k) => this.byKey.has(k), this.maxLen);
    const found: UnitMatch[] = [];
    for (const s of spans) {
      if (prefixBefore(tokens, s.start) === 'district') continue;
      const typed = marked.slice(s.start, s.start + s.len);
      for (const e of this.byKey.get(s.key) ?? []) {
        if (marksFit(typed, e.marks)) found.push({ unit: e.unit, via: e.via, matchedName: e.matchedName });
      }
    }
    const ordered = [...found.filter((m) => m.via === 'name'), ...found.filter((m) => m.via === 'merged')];
    const seen = new Set<string>();
    return ordered.filter((m) => !seen.has(m.unit.name) && seen.add(m.unit.name));
  }

  /** The first former district named in the text ("huyen muong la", "TP Sơn La", "thị xã Mộc Châu"). */
  findFormerDistrict(text: string): string | undefined {
    const { tokens, marked } = prepare(text);
    const spans = findSpans(tokens, (k) => this.districtKeys.has(k), this.maxLen);
    for (const s of spans) {
      const d = this.districtKeys.get(s.key);
      if (!d) continue;
      const prefix = prefixBefore(tokens, s.start);
      if (prefix === 'commune' || (d.needsPrefix && prefix !== 'district')) continue;
      if (marksFit(marked.slice(s.start, s.start + s.len), d.marks)) return d.district;
    }
    return undefined;
  }
}
